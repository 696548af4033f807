using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Attendees;

/// <summary>Search of the attendee list and the door page, without regard to accents or case, on a real SQLite file.</summary>
public sealed class AttendeeSearchTests() : DatabaseTests("2026-02-01T12:00:00Z")
{
    private static readonly EventQuestion Role = EventQuestion.Create("role", "What do you do?", QuestionKind.Text, null, required: false);

    [Fact]
    public async Task Finds_people_by_any_part_of_name_email_organisation_or_answer_whatever_the_accents_or_case()
    {
        var ev = await AddEventAsync("search", capacity: 10);
        var other = await AddEventAsync("elsewhere", capacity: 10);
        await SignUpAsync(ev, "Dávila-Ñúñez, Ana", "ana@example.org", "Universidad de Málaga", role: "Data protection officer");
        await SignUpAsync(ev, "emile zola", "EZ@Example.org", "Acme Ltd", role: "Novelist");
        await SignUpAsync(ev, "Grace Hopper", "grace@navy.example", "Ｕ.S. Navy", role: "Rear admiral", access: "A quiet room");
        await SignUpAsync(other, "Ana Davila", "ana@example.org", "Acme Ltd", role: "Novelist");

        Assert.Equal(["Dávila-Ñúñez, Ana"], await FindAsync(ev, "dav"));
        Assert.Equal(["Dávila-Ñúñez, Ana"], await FindAsync(ev, "nunez"));
        Assert.Equal(["Dávila-Ñúñez, Ana"], await FindAsync(ev, "ÑÚÑEZ"));
        Assert.Equal(["emile zola"], await FindAsync(ev, "ÉMILE"));
        Assert.Equal(["emile zola"], await FindAsync(ev, "ez@example"));
        Assert.Equal(["Dávila-Ñúñez, Ana"], await FindAsync(ev, "malaga"));
        Assert.Equal(["Grace Hopper"], await FindAsync(ev, "u.s. navy"));

        // Answers: the event's own questions and the built-in ones.
        Assert.Equal(["Dávila-Ñúñez, Ana"], await FindAsync(ev, "protection"));
        Assert.Equal(["emile zola"], await FindAsync(ev, "NOVELIST"));
        Assert.Equal(["Grace Hopper"], await FindAsync(ev, "quiet"));

        // Every word must be found, each in any field, in any order; one word never runs on from one field into the next.
        Assert.Equal(["emile zola"], await FindAsync(ev, "acme  Émile"));
        Assert.Equal(["emile zola"], await FindAsync(ev, "zola ez"));
        Assert.Empty(await FindAsync(ev, "acme grace"));
        Assert.Empty(await FindAsync(ev, "zolaez"));

        // Characters that mean something to LIKE are only text here.
        Assert.Empty(await FindAsync(ev, "%"));
        Assert.Empty(await FindAsync(ev, "_"));

        // A whole page pasted in by mistake (40,000 words) is a search like any other, not an error.
        Assert.Empty(await FindAsync(ev, string.Join(' ', Enumerable.Range(0, 40_000).Select(n => $"w{n}"))));
        Assert.Equal(["Dávila-Ñúñez, Ana"], await FindAsync(ev, "dav " + string.Join(' ', Enumerable.Repeat("ana", 40_000))));

        // Nothing typed but spaces: everyone.
        Assert.Equal(3, (await FindAsync(ev, "   ")).Count);
    }

    [Fact]
    public async Task The_door_lists_the_people_expected_a_to_z_before_anything_is_typed()
    {
        var ev = await AddEventAsync("door", capacity: 5);
        await SignUpAsync(ev, "Zoë Ward", "zoe@example.org");
        await SignUpAsync(ev, "émile Zola", "emile@example.org");
        await SignUpAsync(ev, "Ángel Ruiz", "angel@example.org");
        await SignUpAsync(ev, "bob Jones", "bob@example.org");
        await SignUpAsync(ev, "Ørjan Berg", "orjan@example.org");
        await SignUpAsync(ev, "Ada Waiting", "ada@example.org");
        var cancelled = await SignUpAsync(ev, "Aaron Walsh", "aaron@example.org");
        await using (var db = Database.Open())
        {
            var bob = await db.Registrations.SingleAsync(r => r.Name == "bob Jones");
            bob.CheckIn(Clock.GetUtcNow().UtcDateTime, "door@example.org");
            await db.SaveChangesAsync();
        }

        await using (var db = Database.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Registrations.SingleAsync(r => r.Id == cancelled)).Cancel(Clock.GetUtcNow().UtcDateTime, "attendee");
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await using var read = Database.Open();
        var expected = await AttendeeQueries.DoorAsync(read, ev.Id, term: null, take: 100);
        Assert.Equal(5, expected.Total);
        Assert.Equal(["Ángel Ruiz", "bob Jones", "émile Zola", "Ørjan Berg", "Zoë Ward"], expected.Rows.Select(r => r.Name));
        Assert.NotNull(expected.Rows[1].CheckedInAtUtc);

        // A page of the list, with the count of all.
        var first = await AttendeeQueries.DoorAsync(read, ev.Id, term: "  ", take: 2);
        Assert.Equal(5, first.Total);
        Assert.Equal(["Ángel Ruiz", "bob Jones"], first.Rows.Select(r => r.Name));

        // Searching also finds someone waiting, who may come to the door anyway; never the cancelled.
        var found = await AttendeeQueries.DoorAsync(read, ev.Id, term: "W", take: 100);
        Assert.Equal(["Ada Waiting", "Zoë Ward"], found.Rows.Select(r => r.Name));
        Assert.Equal(RegistrationStatus.Waitlisted, found.Rows[0].Status);
    }

    [Fact]
    public async Task A_search_reads_only_the_events_registrations_through_its_index()
    {
        var ev = await AddEventAsync("plan", capacity: 10);
        await SignUpAsync(ev, "Ada", "ada@example.org");

        await using var db = Database.Open();
        foreach (var query in new[] { AttendeeQueries.Search(db, ev.Id, "dav acme", status: null), AttendeeQueries.Search(db, ev.Id, "dav", RegistrationStatus.Confirmed) })
        {
            var plan = await QueryPlan.ExplainAsync(db, query.Select(r => r.Id).ToQueryString());
            Assert.Contains(plan, line => line.StartsWith("SEARCH r USING INDEX IX_Registrations_EventId_Status (EventId=?", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, line => line.StartsWith("SCAN", StringComparison.Ordinal));
        }
    }

    /// <summary>Registrations saved by the previous version have no folded text; the app folds theirs when it starts.</summary>
    [Fact]
    public async Task Registrations_from_before_search_folding_are_found_after_the_app_starts()
    {
        var ev = await AddEventAsync("older", capacity: 10);
        await SignUpAsync(ev, "Dávila-Ñúñez", "ana@example.org", "Acme Ltd");
        await using (var db = Database.Open())
        {
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.IndexOf("20261202210000_AttendeeSearch") - 1]);
            var columns = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_table_info('Registrations')").ToListAsync();
            Assert.DoesNotContain("SearchText", columns);
        }

        SqliteConnection.ClearAllPools();
        using var app = new RegistrationAppFactory(seedSampleData: false, dataDirectory: Database.Folder);
        await using var read = await app.DbFactory.CreateDbContextAsync();
        Assert.Equal("davila-nunez\nana@example.org\nacme ltd", await read.Registrations.Select(r => r.SearchText).SingleAsync());
        Assert.Equal(["Dávila-Ñúñez"], await AttendeeQueries.Search(read, ev.Id, "DAV", status: null).Select(r => r.Name).ToListAsync());
    }

    private Task<Event> AddEventAsync(string slug, int capacity) =>
        TestEvents.AddAsync(Database.Factory, slug, capacity, new DateTime(2026, 3, 6, 10, 0, 0), d => d with { Questions = [Role] });

    private async Task<List<string>> FindAsync(Event ev, string term)
    {
        await using var db = Database.Open();
        return await AttendeeQueries.Search(db, ev.Id, term, status: null).OrderBy(r => r.Id).Select(r => r.Name).ToListAsync();
    }

    private async Task<int> SignUpAsync(Event ev, string name, string email, string? organisation = null, string? role = null, string? access = null)
    {
        var details = SignUpDetails.Validate(new SignUpInput(name, email, organisation, access, null, new Dictionary<string, string?> { [Role.Key] = role }, Consent: true), [Role], out var errors)
            ?? throw new InvalidOperationException(string.Join(" ", errors.Values));
        var result = await new SignUpService(Database.Factory, Clock, Links).SignUpAsync(ev.Id, details);
        Assert.NotEqual(SignUpOutcome.AlreadyRegistered, result.Outcome);
        await using var db = Database.Open();
        return await db.Registrations.Where(r => r.EventId == ev.Id && r.Name == name).Select(r => r.Id).SingleAsync();
    }
}
