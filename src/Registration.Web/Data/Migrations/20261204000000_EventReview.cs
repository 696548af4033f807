using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Review notes an organiser can mark reviewed: whether an event still needs a look is stored, so the
/// organiser's event list filters on it, with when it was last marked. Events with notes from earlier
/// imports start as needing review, as they were shown before.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261204000000_EventReview")]
public sealed class EventReview : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "NeedsReview", table: "Events", type: "INTEGER", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<DateTime>(name: "ReviewedAtUtc", table: "Events", type: "TEXT", nullable: true);
        migrationBuilder.Sql("""UPDATE "Events" SET "NeedsReview" = 1 WHERE "ReviewNotes" <> '[]';""");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // SQLite (3.35+) drops a column that no index or constraint uses in place.
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "ReviewedAtUtc";""");
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "NeedsReview";""");
    }
}
