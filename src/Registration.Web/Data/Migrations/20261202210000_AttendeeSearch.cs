using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Search without accents or case: each registration keeps its name, email, organisation and answers folded
/// (EventRegistration.SearchText), which the attendee list and the door page search and sort by. SQL cannot
/// fold Unicode as the app does, so existing registrations are left null here and the app folds theirs when
/// it starts (SearchIndex.FillMissingAsync). Should the folding ever change, a migration that sets the column
/// back to null has every registration folded again the same way.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261202210000_AttendeeSearch")]
public sealed class AttendeeSearch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "SearchText", table: "Registrations", type: "TEXT", nullable: true);

    // SQLite (3.35+) drops a column that no index or constraint uses in place.
    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""ALTER TABLE "Registrations" DROP COLUMN "SearchText";""");
}
