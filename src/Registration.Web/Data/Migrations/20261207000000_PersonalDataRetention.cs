using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Personal data is kept only so long: an event's own retention, when its data (and, sooner, its sensitive
/// answers) went, which registrations were anonymised, and which registration an audit entry is about.
/// An anonymised registration has no address, so it leaves the one-address-per-event index.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261207000000_PersonalDataRetention")]
public sealed class PersonalDataRetention : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "RetainDays", table: "Events", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "PersonalDataRemovedAtUtc", table: "Events", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "SensitiveDataRemovedAtUtc", table: "Events", type: "TEXT", nullable: true);
        migrationBuilder.CreateIndex(name: "IX_Events_PersonalDataRemovedAtUtc", table: "Events", column: "PersonalDataRemovedAtUtc");
        migrationBuilder.AddColumn<DateTime>(name: "AnonymisedAtUtc", table: "Registrations", type: "TEXT", nullable: true);
        migrationBuilder.DropIndex(name: "IX_Registrations_EventId_NormalizedEmail", table: "Registrations");
        migrationBuilder.CreateIndex(
            name: "IX_Registrations_EventId_NormalizedEmail",
            table: "Registrations",
            columns: ["EventId", "NormalizedEmail"],
            unique: true,
            filter: "\"Status\" <> 'Cancelled' AND \"AnonymisedAtUtc\" IS NULL");

        // SQLite adds a column with a foreign key in place when it defaults to null.
        migrationBuilder.Sql("""ALTER TABLE "AuditEntries" ADD COLUMN "RegistrationId" INTEGER NULL REFERENCES "Registrations" ("Id") ON DELETE RESTRICT;""");
        migrationBuilder.CreateIndex(name: "IX_AuditEntries_RegistrationId", table: "AuditEntries", column: "RegistrationId");
        migrationBuilder.AddColumn<int>(name: "AboutRegistrationId", table: "OutboxMessages", type: "INTEGER", nullable: true);
        migrationBuilder.CreateIndex(name: "IX_OutboxMessages_AboutRegistrationId", table: "OutboxMessages", column: "AboutRegistrationId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_OutboxMessages_AboutRegistrationId", table: "OutboxMessages");
        migrationBuilder.Sql("""ALTER TABLE "OutboxMessages" DROP COLUMN "AboutRegistrationId";""");

        // A column with a foreign key cannot be dropped in place: the table is made again without it.
        migrationBuilder.DropIndex(name: "IX_AuditEntries_RegistrationId", table: "AuditEntries");
        migrationBuilder.Sql("""
            CREATE TABLE "AuditEntries_old" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
                "AtUtc" TEXT NOT NULL,
                "Actor" TEXT NOT NULL,
                "Action" TEXT NOT NULL,
                "EventId" INTEGER NULL,
                "Details" TEXT NULL
            );
            INSERT INTO "AuditEntries_old" ("Id", "AtUtc", "Actor", "Action", "EventId", "Details")
                SELECT "Id", "AtUtc", "Actor", "Action", "EventId", "Details" FROM "AuditEntries";
            DROP TABLE "AuditEntries";
            ALTER TABLE "AuditEntries_old" RENAME TO "AuditEntries";
            CREATE INDEX "IX_AuditEntries_AtUtc" ON "AuditEntries" ("AtUtc");
            """);
        migrationBuilder.DropIndex(name: "IX_Registrations_EventId_NormalizedEmail", table: "Registrations");
        migrationBuilder.CreateIndex(
            name: "IX_Registrations_EventId_NormalizedEmail",
            table: "Registrations",
            columns: ["EventId", "NormalizedEmail"],
            unique: true,
            filter: "\"Status\" <> 'Cancelled'");
        migrationBuilder.Sql("""ALTER TABLE "Registrations" DROP COLUMN "AnonymisedAtUtc";""");
        migrationBuilder.DropIndex(name: "IX_Events_PersonalDataRemovedAtUtc", table: "Events");
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "SensitiveDataRemovedAtUtc";""");
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "PersonalDataRemovedAtUtc";""");
        migrationBuilder.Sql("""ALTER TABLE "Events" DROP COLUMN "RetainDays";""");
    }
}
