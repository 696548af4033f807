using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// The lines of each event's description that the importer read into its time or place, hidden when the
/// description is shown. Events imported before have none recorded, so they show as before until their
/// pages are imported again.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261202300000_LinesReadIntoFields")]
public sealed class LinesReadIntoFields : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "LinesReadIntoFields", table: "Events", type: "TEXT", nullable: false, defaultValueSql: "'[]'");

    // SQLite (3.35+) drops a column that no index or constraint uses in place.
    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "LinesReadIntoFields";""");
}
