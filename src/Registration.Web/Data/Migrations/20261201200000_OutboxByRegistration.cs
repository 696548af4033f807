using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Finds a registration's messages, newest first, without reading the whole outbox: the attendee list asks
/// for each row's latest email on every load. OutboxDispatch dropped the index on the registration alone
/// when the reminders' index took its place, but that one holds reminders only.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261201200000_OutboxByRegistration")]
public sealed class OutboxByRegistration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(name: "IX_OutboxMessages_RegistrationId", table: "OutboxMessages", column: "RegistrationId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_OutboxMessages_RegistrationId", table: "OutboxMessages");
    }
}
