using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Check-in codes that cannot be guessed: each registration gets a random salt, from which its code is
/// derived with the app's check-in key, and the code's SHA-256 to find it by. Existing registrations get
/// their salt here; their hash needs the key, which SQL cannot reach, so the app fills it in when it
/// starts (CheckInCodes.AssignMissingAsync). The codes in emails sent before carried the registration id,
/// which no longer opens anything.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261202100000_CheckInCodes")]
public sealed class CheckInCodes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "CheckInSalt", table: "Registrations", type: "TEXT", maxLength: 32, nullable: false, defaultValue: "");
        migrationBuilder.AddColumn<string>(name: "CheckInCodeHash", table: "Registrations", type: "TEXT", maxLength: 64, nullable: true);
        migrationBuilder.Sql("""UPDATE "Registrations" SET "CheckInSalt" = lower(hex(randomblob(16)));""");
        migrationBuilder.CreateIndex(name: "IX_Registrations_CheckInCodeHash", table: "Registrations", column: "CheckInCodeHash", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Registrations_CheckInCodeHash", table: "Registrations");

        // SQLite (3.35+) drops a column that no index or constraint uses in place.
        migrationBuilder.Sql("""ALTER TABLE "Registrations" DROP COLUMN "CheckInCodeHash";""");
        migrationBuilder.Sql("""ALTER TABLE "Registrations" DROP COLUMN "CheckInSalt";""");
    }
}
