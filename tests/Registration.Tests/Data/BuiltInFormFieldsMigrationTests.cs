using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Tests.Data;

/// <summary>Events saved before the question builder keep their form: their questions read as before, and dietary needs stay where they were asked.</summary>
public sealed class BuiltInFormFieldsMigrationTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Events_from_before_keep_their_questions_and_ask_dietary_needs_only_where_they_did()
    {
        var options = new DbContextOptionsBuilder<RegistrationDbContext>().UseSqlite($"Data Source={Path.Combine(_folder.Path, "old.db")};Pooling=False").Options;
        await using (var db = new RegistrationDbContext(options))
        {
            await db.Database.MigrateAsync();
            db.Events.Add(Event.Create("in-person", EventBuilder.Details(), EventBuilder.Now));
            db.Events.Add(Event.Create("online", EventBuilder.Details(d => d with { Location = EventLocation.Online }), EventBuilder.Now));
            await db.SaveChangesAsync();

            // Back to the schema before, with questions stored as they were then (kinds 0 and 1 only).
            await db.GetService<IMigrator>().MigrateAsync("20261202100000_CheckInCodes");
            const string stored = """[{"key":"your-role","label":"Your role","kind":0,"options":[],"required":true},{"key":"session","label":"Which session?","kind":1,"options":["Morning","Afternoon"],"required":false}]""";
            await db.Database.ExecuteSqlAsync($"""UPDATE "Events" SET "Questions" = {stored};""");
        }

        await using (var db = new RegistrationDbContext(options))
        {
            await db.Database.MigrateAsync();
            var events = await db.Events.AsNoTracking().OrderBy(e => e.Slug).ToListAsync();

            Assert.Equal([BuiltInFields.All, BuiltInFields.Default], events.Select(e => e.BuiltInFields));
            var questions = events[0].Questions;
            Assert.Equal([("your-role", QuestionKind.Text), ("session", QuestionKind.SingleChoice)], questions.Select(q => (q.Key, q.Kind)));
            Assert.Equal(["Morning", "Afternoon"], questions[1].Options);
            Assert.True(questions[0].Required);
        }
    }
}
