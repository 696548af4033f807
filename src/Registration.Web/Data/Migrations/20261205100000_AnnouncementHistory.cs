using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Each message an organiser sends to an event's attendees is kept, and its outbox copies point to it, so
/// the email page can show what was sent, by whom, to how many and how many arrived. Messages sent before
/// this have no record of their audience, so the history starts here. SQLite adds a column that refers to
/// another table in place when it starts empty; dropping it again needs the table rebuilt, as
/// <see cref="OrganiserMail"/> does.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261205100000_AnnouncementHistory")]
public sealed class AnnouncementHistory : Migration
{
    private const string Columns = "\"Id\", \"Kind\", \"EventId\", \"RegistrationId\", \"ToAddress\", \"ToName\", \"ProtectedPayload\", \"Status\", \"Attempts\", \"CreatedAtUtc\", "
        + "\"NextAttemptAtUtc\", \"SentAtUtc\", \"LastError\", \"MessageId\", \"ReminderOffsetMinutes\", \"ClaimedBy\", \"ClaimedUntilUtc\", \"Subject\", \"Body\"";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Announcements",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                EventId = table.Column<int>(type: "INTEGER", nullable: false),
                Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                Audience = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                RecipientCount = table.Column<int>(type: "INTEGER", nullable: false),
                SentBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Announcements", x => x.Id);
                table.ForeignKey(name: "FK_Announcements_Events_EventId", column: x => x.EventId, principalTable: "Events", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_Announcements_EventId", table: "Announcements", column: "EventId");
        migrationBuilder.Sql("""ALTER TABLE "OutboxMessages" ADD COLUMN "AnnouncementId" INTEGER NULL REFERENCES "Announcements" ("Id") ON DELETE RESTRICT;""");
        migrationBuilder.CreateIndex(name: "IX_OutboxMessages_AnnouncementId", table: "OutboxMessages", column: "AnnouncementId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // Test sends are a kind the earlier app cannot write.
        migrationBuilder.Sql("DELETE FROM \"OutboxMessages\" WHERE \"Kind\" = 'AnnouncementTest';");
        migrationBuilder.Sql("""
            CREATE TABLE "OutboxMessages_new" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_OutboxMessages" PRIMARY KEY AUTOINCREMENT,
                "Kind" TEXT NOT NULL,
                "EventId" INTEGER NULL,
                "RegistrationId" INTEGER NULL,
                "ToAddress" TEXT NOT NULL,
                "ToName" TEXT NOT NULL,
                "ProtectedPayload" TEXT NULL,
                "Status" TEXT NOT NULL,
                "Attempts" INTEGER NOT NULL,
                "CreatedAtUtc" TEXT NOT NULL,
                "NextAttemptAtUtc" TEXT NOT NULL,
                "SentAtUtc" TEXT NULL,
                "LastError" TEXT NULL,
                "MessageId" TEXT NOT NULL,
                "ReminderOffsetMinutes" INTEGER NULL,
                "ClaimedBy" TEXT NULL,
                "ClaimedUntilUtc" TEXT NULL,
                "Subject" TEXT NULL,
                "Body" TEXT NULL,
                CONSTRAINT "FK_OutboxMessages_Events_EventId" FOREIGN KEY ("EventId") REFERENCES "Events" ("Id") ON DELETE RESTRICT,
                CONSTRAINT "FK_OutboxMessages_Registrations_RegistrationId" FOREIGN KEY ("RegistrationId") REFERENCES "Registrations" ("Id") ON DELETE RESTRICT
            );
            """);
        migrationBuilder.Sql($"INSERT INTO \"OutboxMessages_new\" ({Columns}) SELECT {Columns} FROM \"OutboxMessages\";");
        migrationBuilder.Sql("DROP TABLE \"OutboxMessages\";");
        migrationBuilder.Sql("ALTER TABLE \"OutboxMessages_new\" RENAME TO \"OutboxMessages\";");
        migrationBuilder.CreateIndex(name: "IX_OutboxMessages_EventId", table: "OutboxMessages", column: "EventId");
        migrationBuilder.CreateIndex(name: "IX_OutboxMessages_Status_NextAttemptAtUtc", table: "OutboxMessages", columns: ["Status", "NextAttemptAtUtc"]);
        migrationBuilder.CreateIndex(
            name: "IX_OutboxMessages_RegistrationId_ReminderOffsetMinutes",
            table: "OutboxMessages",
            columns: ["RegistrationId", "ReminderOffsetMinutes"],
            unique: true,
            filter: "\"ReminderOffsetMinutes\" IS NOT NULL");
        migrationBuilder.CreateIndex(name: "IX_OutboxMessages_RegistrationId", table: "OutboxMessages", column: "RegistrationId");
        migrationBuilder.DropTable(name: "Announcements");
    }
}
