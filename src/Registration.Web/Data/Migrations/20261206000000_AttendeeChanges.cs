using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Attendees change their own details: until when (an event's changes close; none set means its start),
/// and an address change waiting for its link to be opened.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261206000000_AttendeeChanges")]
public sealed class AttendeeChanges : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "ChangesCloseAtUtc", table: "Events", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<string>(name: "PendingEmail", table: "Registrations", type: "TEXT", maxLength: 254, nullable: true);
        migrationBuilder.AddColumn<string>(name: "PendingEmailHash", table: "Registrations", type: "TEXT", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "PendingEmailExpiresAtUtc", table: "Registrations", type: "TEXT", nullable: true);
        migrationBuilder.CreateIndex(name: "IX_Registrations_PendingEmailHash", table: "Registrations", column: "PendingEmailHash", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Registrations_PendingEmailHash", table: "Registrations");

        // SQLite (3.35+) drops a column that no index or constraint uses in place.
        migrationBuilder.Sql("""ALTER TABLE "Registrations" DROP COLUMN "PendingEmailExpiresAtUtc";""");
        migrationBuilder.Sql("""ALTER TABLE "Registrations" DROP COLUMN "PendingEmailHash";""");
        migrationBuilder.Sql("""ALTER TABLE "Registrations" DROP COLUMN "PendingEmail";""");
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "ChangesCloseAtUtc";""");
    }
}
