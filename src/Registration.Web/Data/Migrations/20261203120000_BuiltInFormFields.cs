using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Which built-in fields each event's form asks, now a choice in the editor (Domain.BuiltInFields: 1
/// organisation, 2 access needs, 4 dietary needs). Existing events keep the form their registrants saw:
/// organisation and access needs everywhere, dietary needs wherever the event was not online, which is
/// when the form used to add it. New events ask for dietary needs only when an organiser turns it on.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261203120000_BuiltInFormFields")]
public sealed class BuiltInFormFields : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "BuiltInFields", table: "Events", type: "INTEGER", nullable: false, defaultValue: 0);
        migrationBuilder.Sql("""UPDATE "Events" SET "BuiltInFields" = CASE WHEN "LocationKind" = 'Online' THEN 3 ELSE 7 END;""");
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>

        // SQLite (3.35+) drops a column that no index or constraint uses in place.
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "BuiltInFields";""");
}
