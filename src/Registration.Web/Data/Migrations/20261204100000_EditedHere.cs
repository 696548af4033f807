using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// When an organiser last changed an event's content in the app, so an import of its page does not undo
/// the change. An event already edited here is marked when the audit log shows an organiser's save or
/// creation as its last change (the editor stamps both with the same moment); an edit an import has since
/// written over was already lost, so that event stays the page's.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261204100000_EditedHere")]
public sealed class EditedHere : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "EditedHereAtUtc", table: "Events", type: "TEXT", nullable: true);
        migrationBuilder.Sql("""
            UPDATE "Events" SET "EditedHereAtUtc" = "UpdatedAtUtc"
            WHERE EXISTS (SELECT 1 FROM "AuditEntries" AS a WHERE a."EventId" = "Events"."Id" AND a."AtUtc" = "Events"."UpdatedAtUtc"
                AND a."Action" IN ('create event', 'edit event', 'change event time or place'));
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // SQLite (3.35+) drops a column that no index or constraint uses in place.
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "EditedHereAtUtc";""");
    }
}
