using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Tests.Data;

/// <summary>Events edited here before the mark existed are marked from the audit log, so the next import keeps them too.</summary>
public sealed class EditedHereMigrationTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_event_whose_last_change_was_an_organisers_save_is_marked_and_others_are_not()
    {
        var options = new DbContextOptionsBuilder<RegistrationDbContext>().UseSqlite($"Data Source={Path.Combine(_folder.Path, "old.db")};Pooling=False").Options;
        var later = EventBuilder.Now.AddHours(1);
        await using (var db = new RegistrationDbContext(options))
        {
            await db.Database.MigrateAsync();
            var edited = Event.Create("edited", EventBuilder.Details(), EventBuilder.Now);
            var overwritten = Event.Create("overwritten", EventBuilder.Details(), EventBuilder.Now);
            db.Events.AddRange(edited, overwritten, Event.Create("imported", EventBuilder.Details(), EventBuilder.Now));
            await db.SaveChangesAsync();

            // The editor's save stamps the event and its audit entry with the same moment; an import after an edit moves the event on.
            edited.ApplyDetails(EventBuilder.Details(d => d with { Description = "Changed here." }), later);
            db.Audit.Add(AuditEntry.Record(later, "organiser@example.org", "edit event", edited.Id));
            db.Audit.Add(AuditEntry.Record(EventBuilder.Now.AddMinutes(-5), "organiser@example.org", "edit event", overwritten.Id));
            await db.SaveChangesAsync();
            await db.GetService<IMigrator>().MigrateAsync("20261204000000_EventReview");
        }

        await using (var db = new RegistrationDbContext(options))
        {
            await db.Database.MigrateAsync();
            var marks = await db.Events.AsNoTracking().OrderBy(e => e.Slug).Select(e => new { e.Slug, e.EditedHereAtUtc }).ToListAsync();

            Assert.Equal([("edited", (DateTime?)later), ("imported", null), ("overwritten", null)], marks.Select(m => (m.Slug, m.EditedHereAtUtc)));
        }
    }
}
