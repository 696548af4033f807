using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>Claims for the outbox dispatcher, and reminders kept to one per registration and offset.</summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261121200000_OutboxDispatch")]
public sealed class OutboxDispatch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "ReminderOffsetMinutes", table: "OutboxMessages", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<string>(name: "ClaimedBy", table: "OutboxMessages", type: "TEXT", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "ClaimedUntilUtc", table: "OutboxMessages", type: "TEXT", nullable: true);
        migrationBuilder.CreateIndex(
            name: "IX_OutboxMessages_RegistrationId_ReminderOffsetMinutes",
            table: "OutboxMessages",
            columns: ["RegistrationId", "ReminderOffsetMinutes"],
            unique: true,
            filter: "\"ReminderOffsetMinutes\" IS NOT NULL");
        migrationBuilder.DropIndex(name: "IX_OutboxMessages_RegistrationId", table: "OutboxMessages");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(name: "IX_OutboxMessages_RegistrationId", table: "OutboxMessages", column: "RegistrationId");
        migrationBuilder.DropIndex(name: "IX_OutboxMessages_RegistrationId_ReminderOffsetMinutes", table: "OutboxMessages");
        migrationBuilder.DropColumn(name: "ClaimedUntilUtc", table: "OutboxMessages");
        migrationBuilder.DropColumn(name: "ClaimedBy", table: "OutboxMessages");
        migrationBuilder.DropColumn(name: "ReminderOffsetMinutes", table: "OutboxMessages");
    }
}
