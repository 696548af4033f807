using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Tests.Data;

/// <summary>The announcements' history can be taken out again: the outbox is rebuilt without its link, keeping every message the earlier app can send.</summary>
public sealed class AnnouncementHistoryMigrationTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Going_back_drops_the_history_and_the_test_sends_and_keeps_the_other_messages()
    {
        var path = Path.Combine(_folder.Path, "app.db");
        var options = new DbContextOptionsBuilder<RegistrationDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        await using (var db = new RegistrationDbContext(options))
        {
            await db.Database.MigrateAsync();
            var ev = Event.Create("history", EventBuilder.Details(), EventBuilder.Now);
            db.Events.Add(ev);
            await db.SaveChangesAsync();
            db.Announcements.Add(Announcement.Record(ev.Id, Audience.Confirmed, "Venue", "Room 2.", 0, "org@example.org", EventBuilder.Now));
            db.Outbox.Add(OutboxMessage.AnnouncementTest(ev.Id, "org@example.org", "Venue", "Room 2.", EventBuilder.Now));
            db.Outbox.Add(OutboxMessage.ToOrganiser(MessageKind.OrganiserInvitation, "new@example.org", EventBuilder.Now, "protected"));
            await db.SaveChangesAsync();

            await db.GetService<IMigrator>().MigrateAsync("20261204100000_EditedHere");
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'Announcements'"));
            Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM pragma_table_info('OutboxMessages') WHERE name = 'AnnouncementId'"));
            Assert.Equal("OrganiserInvitation new@example.org", Scalar(connection, "SELECT group_concat(Kind || ' ' || ToAddress) FROM OutboxMessages"));
        }

        await using (var db = new RegistrationDbContext(options))
        {
            await db.Database.MigrateAsync();
            Assert.Equal(["new@example.org"], await db.Outbox.Select(m => m.ToAddress).ToListAsync());
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
