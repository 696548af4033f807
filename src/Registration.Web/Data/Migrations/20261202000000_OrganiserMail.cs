using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>
/// Organisers' invitations and password resets go through the outbox too, and are about no event: a
/// message's event becomes optional. SQLite cannot change a column in place, and EF can only rebuild a table
/// from a model snapshot, which these hand-written migrations do not keep; so the table is rebuilt here,
/// column for column as earlier migrations left it, in the migration's transaction. No other table refers
/// to it, so dropping the old one breaks no foreign key.
/// </summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261202000000_OrganiserMail")]
public sealed class OrganiserMail : Migration
{
    private const string Columns = "\"Id\", \"Kind\", \"EventId\", \"RegistrationId\", \"ToAddress\", \"ToName\", \"ProtectedPayload\", \"Status\", \"Attempts\", \"CreatedAtUtc\", "
        + "\"NextAttemptAtUtc\", \"SentAtUtc\", \"LastError\", \"MessageId\", \"ReminderOffsetMinutes\", \"ClaimedBy\", \"ClaimedUntilUtc\", \"Subject\", \"Body\"";

    protected override void Up(MigrationBuilder migrationBuilder) => Rebuild(migrationBuilder, eventRequired: false);

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DELETE FROM \"OutboxMessages\" WHERE \"EventId\" IS NULL;");
        Rebuild(migrationBuilder, eventRequired: true);
    }

    private static void Rebuild(MigrationBuilder migrationBuilder, bool eventRequired)
    {
        migrationBuilder.Sql($"""
            CREATE TABLE "OutboxMessages_new" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_OutboxMessages" PRIMARY KEY AUTOINCREMENT,
                "Kind" TEXT NOT NULL,
                "EventId" INTEGER {(eventRequired ? "NOT NULL" : "NULL")},
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
    }
}
