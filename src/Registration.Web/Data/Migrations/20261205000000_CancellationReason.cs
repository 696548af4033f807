using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>Why an event was cancelled, as the organiser wrote it; events cancelled before have none.</summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261205000000_CancellationReason")]
public sealed class CancellationReason : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "CancellationReason", table: "Events", type: "TEXT", maxLength: 1000, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        // SQLite (3.35+) drops a column that no index or constraint uses in place.
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "CancellationReason";""");
}
