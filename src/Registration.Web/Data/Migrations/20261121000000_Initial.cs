using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Events and series. Written by hand (the EF design-time tools do not restore here); the schema test
/// checks that it builds the same database as the model.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Series",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Description = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Series", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Events",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Excerpt = table.Column<string>(type: "TEXT", nullable: false),
                Description = table.Column<string>(type: "TEXT", nullable: false),
                ImageUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                Topics = table.Column<string>(type: "TEXT", nullable: false),
                Projects = table.Column<string>(type: "TEXT", nullable: false),
                Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                Featured = table.Column<bool>(type: "INTEGER", nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                OnlineJoinUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                Capacity = table.Column<int>(type: "INTEGER", nullable: true),
                RegistrationOpensAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                RegistrationClosesAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                RegistrationOpeningNote = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                ExternalUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                SeriesId = table.Column<int>(type: "INTEGER", nullable: true),
                ReminderOffsetsMinutes = table.Column<string>(type: "TEXT", nullable: false),
                Questions = table.Column<string>(type: "TEXT", nullable: false),
                ReviewNotes = table.Column<string>(type: "TEXT", nullable: false),
                CalendarUid = table.Column<Guid>(type: "TEXT", nullable: false),
                CalendarSequence = table.Column<int>(type: "INTEGER", nullable: false),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                LocationKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                Venue = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                EndsAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                StartsAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                TimeToBeConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                TimeZoneId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Events", x => x.Id);
                table.ForeignKey(
                    name: "FK_Events_Series_SeriesId",
                    column: x => x.SeriesId,
                    principalTable: "Series",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.SetNull);
            });

        migrationBuilder.CreateIndex(name: "IX_Events_SeriesId", table: "Events", column: "SeriesId");
        migrationBuilder.CreateIndex(name: "IX_Events_Slug", table: "Events", column: "Slug", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Series_Slug", table: "Series", column: "Slug", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Events");
        migrationBuilder.DropTable(name: "Series");
    }
}
