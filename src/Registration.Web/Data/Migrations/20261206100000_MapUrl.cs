using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>An organiser's own map link for an in-person venue; events without one link an OpenStreetMap search.</summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261206100000_MapUrl")]
public sealed class MapUrl : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "MapUrl", table: "Events", type: "TEXT", maxLength: 2000, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        // SQLite (3.35+) drops a column that no index or constraint uses in place.
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "MapUrl";""");
}
