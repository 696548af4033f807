using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Each organiser's choice of email about an event's sign-ups (Features/Notifications), gone with the
/// organiser or the event, and how far their daily summaries have got.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261205200000_OrganiserNotifications")]
public sealed class OrganiserNotifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OrganiserNotifications",
            columns: table => new
            {
                OrganiserId = table.Column<string>(type: "TEXT", nullable: false),
                EventId = table.Column<int>(type: "INTEGER", nullable: false),
                Choice = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                DigestSentThroughUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OrganiserNotifications", x => new { x.OrganiserId, x.EventId });
                table.ForeignKey("FK_OrganiserNotifications_AspNetUsers_OrganiserId", x => x.OrganiserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_OrganiserNotifications_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_OrganiserNotifications_EventId", table: "OrganiserNotifications", column: "EventId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "OrganiserNotifications");
}
