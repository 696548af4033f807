using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Waiting-list offers (per event, and the deadline of a held place), and manage links in a table of
/// their own so that every email carries its own link and older ones keep working. Existing links move
/// across unchanged.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261201000000_PlacesAndLinks")]
public sealed class PlacesAndLinks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "WaitlistOfferHours", table: "Events", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "OfferExpiresAtUtc", table: "Registrations", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<int>(name: "LinkGeneration", table: "Registrations", type: "INTEGER", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<DateTime>(name: "LinkResentAtUtc", table: "Registrations", type: "TEXT", nullable: true);

        migrationBuilder.CreateTable(
            name: "ManageTokens",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                RegistrationId = table.Column<int>(type: "INTEGER", nullable: false),
                Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Generation = table.Column<int>(type: "INTEGER", nullable: false),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ManageTokens", x => x.Id);
                table.ForeignKey("FK_ManageTokens_Registrations_RegistrationId", x => x.RegistrationId, "Registrations", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_ManageTokens_Hash", table: "ManageTokens", column: "Hash", unique: true);
        migrationBuilder.CreateIndex(name: "IX_ManageTokens_RegistrationId", table: "ManageTokens", column: "RegistrationId");

        migrationBuilder.Sql(
            """
            INSERT INTO "ManageTokens" ("RegistrationId", "Hash", "Generation", "CreatedAtUtc")
            SELECT "Id", "ManageTokenHash", 0, "CreatedAtUtc" FROM "Registrations";
            """);
        migrationBuilder.DropIndex(name: "IX_Registrations_ManageTokenHash", table: "Registrations");

        // SQLite (3.35+) drops a column that no index or constraint uses in place.
        migrationBuilder.Sql("""ALTER TABLE "Registrations" DROP COLUMN "ManageTokenHash";""");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""ALTER TABLE "Registrations" ADD COLUMN "ManageTokenHash" TEXT NOT NULL DEFAULT '';""");
        migrationBuilder.Sql(
            """
            UPDATE "Registrations" SET "ManageTokenHash" = (
                SELECT "Hash" FROM "ManageTokens" WHERE "ManageTokens"."RegistrationId" = "Registrations"."Id" ORDER BY "Id" DESC LIMIT 1);
            """);
        migrationBuilder.CreateIndex(name: "IX_Registrations_ManageTokenHash", table: "Registrations", column: "ManageTokenHash", unique: true);
        migrationBuilder.DropTable(name: "ManageTokens");
        migrationBuilder.DropColumn(name: "LinkResentAtUtc", table: "Registrations");
        migrationBuilder.DropColumn(name: "LinkGeneration", table: "Registrations");
        migrationBuilder.DropColumn(name: "OfferExpiresAtUtc", table: "Registrations");
        migrationBuilder.DropColumn(name: "WaitlistOfferHours", table: "Events");
    }
}
