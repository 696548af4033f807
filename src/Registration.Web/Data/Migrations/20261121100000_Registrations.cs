using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>Registrations, with one active registration per event and address, and the email outbox.</summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261121100000_Registrations")]
public sealed class Registrations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Registrations",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                EventId = table.Column<int>(type: "INTEGER", nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                Organisation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                Answers = table.Column<string>(type: "TEXT", nullable: false),
                ConsentedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                StatusChangedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                StatusChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                ManageTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Registrations", x => x.Id);
                table.ForeignKey("FK_Registrations_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "OutboxMessages",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                EventId = table.Column<int>(type: "INTEGER", nullable: false),
                RegistrationId = table.Column<int>(type: "INTEGER", nullable: true),
                ToAddress = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                ToName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                ProtectedPayload = table.Column<string>(type: "TEXT", nullable: true),
                Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                NextAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                LastError = table.Column<string>(type: "TEXT", nullable: true),
                MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                table.ForeignKey("FK_OutboxMessages_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_OutboxMessages_Registrations_RegistrationId", x => x.RegistrationId, "Registrations", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(name: "IX_OutboxMessages_EventId", table: "OutboxMessages", column: "EventId");
        migrationBuilder.CreateIndex(name: "IX_OutboxMessages_RegistrationId", table: "OutboxMessages", column: "RegistrationId");
        migrationBuilder.CreateIndex(name: "IX_OutboxMessages_Status_NextAttemptAtUtc", table: "OutboxMessages", columns: ["Status", "NextAttemptAtUtc"]);
        migrationBuilder.CreateIndex(
            name: "IX_Registrations_EventId_NormalizedEmail",
            table: "Registrations",
            columns: ["EventId", "NormalizedEmail"],
            unique: true,
            filter: "\"Status\" <> 'Cancelled'");
        migrationBuilder.CreateIndex(name: "IX_Registrations_EventId_Status", table: "Registrations", columns: ["EventId", "Status"]);
        migrationBuilder.CreateIndex(name: "IX_Registrations_ManageTokenHash", table: "Registrations", column: "ManageTokenHash", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "OutboxMessages");
        migrationBuilder.DropTable(name: "Registrations");
    }
}
