using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Email;
using Registration.Web.Features.EventEditor;
using Registration.Web.Features.Import;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Registrations;

/// <summary>
/// Places go to people in the order they signed up, whatever frees them: every change that can free a
/// place runs the event's one rule in its own transaction. Real SQLite file, real workflows.
/// </summary>
public sealed class PlaceAllocationTests() : DatabaseTests("2026-02-01T12:00:00Z")
{
    private const string Organiser = "organiser@example.org";
    private static readonly DateTime March = new(2026, 3, 6, 10, 0, 0);

    [Fact]
    public async Task Capacity_raised_in_the_editor_confirms_the_earliest_waiting_in_order_and_emails_them()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "raised", 2, March);
        await SignUpAllAsync(ev, "Ada", "Grace", "Katherine", "Dorothy", "Mary");

        var form = EventForm.From(ev);
        form.Capacity = 4;
        var saved = await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, Organiser);

        Assert.Equal(EditOutcome.Saved, saved.Outcome);
        Assert.Equal("Saved. 2 confirmed, new capacity 4: the first 2 people on the waiting list have been given a place and are being emailed.", saved.Message);
        Assert.Equal(["Ada", "Grace", "Katherine", "Dorothy"], await NamesAsync(RegistrationStatus.Confirmed));
        Assert.Equal(["Mary"], await NamesAsync(RegistrationStatus.Waitlisted));
        Assert.Equal(["Katherine", "Dorothy"], await PromotedEmailsAsync());
    }

    [Fact]
    public async Task Capacity_raised_by_reimport_confirms_the_person_waiting_before_any_newcomer()
    {
        using var pages = new TempDirectory();
        var page = pages.File("2026-03-06-reimport.md", Page(capacity: "2"));
        await Importer().ImportAsync([page]);
        var ev = await EventAsync("2026-03-06-reimport");
        await SignUpAllAsync(ev, "Ada", "Grace", "Katherine");
        Assert.Equal(["Katherine"], await NamesAsync(RegistrationStatus.Waitlisted));

        pages.File("2026-03-06-reimport.md", Page(capacity: "4"));
        var report = await Importer().ImportAsync([page]);

        Assert.Equal(ImportOutcome.Updated, Assert.Single(report.Files).Outcome);
        Assert.Equal(["Ada", "Grace", "Katherine"], await NamesAsync(RegistrationStatus.Confirmed));
        Assert.Equal(["Katherine"], await PromotedEmailsAsync());
        Assert.Equal(SignUpOutcome.Confirmed, (await SignUpAsync(ev, "Dorothy")).Outcome);
        Assert.Equal(SignUpOutcome.Waitlisted, (await SignUpAsync(ev, "Mary")).Outcome);
    }

    [Fact]
    public async Task Capacity_removed_gives_everyone_waiting_a_place()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "unlimited", 1, March);
        await SignUpAllAsync(ev, "Ada", "Grace", "Katherine");

        var form = EventForm.From(ev);
        form.Capacity = null;
        var saved = await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, Organiser);

        Assert.Contains("the first 2 people on the waiting list have been given a place", saved.Message, StringComparison.Ordinal);
        Assert.Equal(["Ada", "Grace", "Katherine"], await NamesAsync(RegistrationStatus.Confirmed));
        Assert.Equal(["Grace", "Katherine"], await PromotedEmailsAsync());
    }

    [Fact]
    public async Task Capacity_lowered_below_the_places_taken_bumps_nobody_and_says_so()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "lowered", 10, March);
        await SignUpAllAsync(ev, "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8");

        var form = EventForm.From(ev);
        form.Capacity = 5;
        Assert.Equal(
            "8 confirmed, new capacity 5: nobody loses a place; the next 3 cancellations free no place.",
            CapacityText.Describe(ev, 5, null, await Editor().PlacesAsync(ev), Clock.GetUtcNow().UtcDateTime));
        var saved = await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, Organiser);

        Assert.Equal("Saved. 8 confirmed, new capacity 5: nobody loses a place; the next 3 cancellations free no place.", saved.Message);
        Assert.Equal(8, (await NamesAsync(RegistrationStatus.Confirmed)).Count);

        // Three cancellations free no place; the fourth does, and it goes to the first person waiting.
        Assert.Equal(SignUpOutcome.Waitlisted, (await SignUpAsync(ev, "W1")).Outcome);
        Assert.Equal(SignUpOutcome.Waitlisted, (await SignUpAsync(ev, "W2")).Outcome);
        foreach (var name in new[] { "A1", "A2", "A3" })
        {
            Assert.Equal(AttendeeActionOutcome.Done, await Actions().CancelAsync(await IdAsync(name), Organiser));
        }

        Assert.Equal(["W1", "W2"], await NamesAsync(RegistrationStatus.Waitlisted));
        await Actions().CancelAsync(await IdAsync("A4"), Organiser);
        Assert.Equal(["W2"], await NamesAsync(RegistrationStatus.Waitlisted));
        Assert.Contains("W1", await NamesAsync(RegistrationStatus.Confirmed));
    }

    [Fact]
    public async Task Cancelling_several_places_promotes_the_earliest_waiting_one_by_one_in_order()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "several", 2, March);
        var tokens = await SignUpAllAsync(ev, "Ada", "Grace", "Katherine", "Dorothy", "Mary");

        Assert.Equal(SelfCancelOutcome.Cancelled, await Manage().CancelAsync(tokens["Grace"]));
        Assert.Equal(AttendeeActionOutcome.Done, await Actions().CancelAsync(await IdAsync("Ada"), Organiser));

        Assert.Equal(["Katherine", "Dorothy"], await NamesAsync(RegistrationStatus.Confirmed));
        Assert.Equal(["Mary"], await NamesAsync(RegistrationStatus.Waitlisted));
        Assert.Equal(1, (await Manage().FindAsync(tokens["Mary"]))!.WaitlistPosition);
        Assert.Equal(["Katherine", "Dorothy"], await PromotedEmailsAsync());
    }

    [Fact]
    public async Task An_organiser_gives_a_place_only_in_turn_and_only_when_one_is_free()
    {
        // The event has started: nobody moves up by themselves, but an organiser at the door can give a freed place.
        var ev = await TestEvents.AddAsync(Database.Factory, "door", 1, new DateTime(2026, 2, 1, 13, 0, 0));
        await SignUpAllAsync(ev, "Ada", "Grace", "Katherine");
        Clock.Now = new DateTimeOffset(2026, 2, 1, 13, 30, 0, TimeSpan.Zero);

        Assert.Equal(AttendeeActionOutcome.NoPlaceFree, await Actions().PromoteAsync(await IdAsync("Grace"), Organiser));
        await Actions().CancelAsync(await IdAsync("Ada"), Organiser);
        Assert.Equal(["Grace", "Katherine"], await NamesAsync(RegistrationStatus.Waitlisted));

        Assert.Equal(AttendeeActionOutcome.NotFirstInLine, await Actions().PromoteAsync(await IdAsync("Katherine"), Organiser));
        Assert.Equal(AttendeeActionOutcome.Done, await Actions().PromoteAsync(await IdAsync("Grace"), Organiser));
        Assert.Equal(["Grace"], await NamesAsync(RegistrationStatus.Confirmed));
        Assert.Equal(["Grace"], await PromotedEmailsAsync());
        Assert.Equal(AttendeeActionOutcome.NoPlaceFree, await Actions().PromoteAsync(await IdAsync("Katherine"), Organiser));
    }

    [Fact]
    public async Task A_newcomer_waits_behind_anyone_already_waiting_even_when_a_place_is_free()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "behind", 2, March);
        await SignUpAllAsync(ev, "Ada", "Grace", "Katherine");

        // The state an older version left behind: capacity raised with nobody promoted.
        await using (var db = Database.Open())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE Events SET Capacity = 4 WHERE Slug = 'behind'");
        }

        var newcomer = await SignUpAsync(ev, "Dorothy");

        Assert.Equal(SignUpOutcome.Waitlisted, newcomer.Outcome);
        Assert.Equal(2, newcomer.WaitlistPosition);
        Assert.Equal(["Katherine", "Dorothy"], await NamesAsync(RegistrationStatus.Waitlisted));
    }

    [Fact]
    public async Task Publishing_again_gives_out_places_freed_while_the_event_was_a_draft()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "draft", 1, March);
        await SignUpAllAsync(ev, "Ada", "Grace");
        Assert.Equal(EditOutcome.Saved, (await Editor().UnpublishAsync(ev.Id, Organiser)).Outcome);
        await Actions().CancelAsync(await IdAsync("Ada"), Organiser);
        Assert.Equal(["Grace"], await NamesAsync(RegistrationStatus.Waitlisted));

        Assert.Equal(EditOutcome.Saved, (await Editor().PublishAsync(ev.Id, Organiser)).Outcome);

        Assert.Equal(["Grace"], await NamesAsync(RegistrationStatus.Confirmed));
    }

    [Fact]
    public async Task Saving_a_change_that_frees_places_outside_a_write_transaction_is_refused()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "guard", 1, March);
        await SignUpAllAsync(ev, "Ada", "Grace");
        await using var db = Database.Open();
        var ada = await db.Registrations.SingleAsync(r => r.Name == "Ada");
        ada.Cancel(Clock.GetUtcNow().UtcDateTime, Organiser);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        Assert.Contains("PlacesMayBeFree", refused.Message, StringComparison.Ordinal);
        await using var check = Database.Open();
        Assert.Equal(["Ada"], await check.Registrations.Where(r => r.Status == RegistrationStatus.Confirmed).Select(r => r.Name).ToListAsync());
    }

    private static string Page(string capacity) => $"""
        ---
        title: Reimported
        starts: 2026-03-06T10:00
        ends: 2026-03-06T12:00
        location: Manchester
        capacity: {capacity}
        ---
        A page.
        """;

    private EventEditorService Editor() => new(Database.Factory, new EventNotices(Database.Factory, Links, Clock), Clock);

    private EventImporter Importer() => new(Database.Factory, new EventNotices(Database.Factory, Links, Clock), Clock, Database.Options);

    private AttendeeActions Actions() => new(Database.Factory, Clock, Links);

    private ManageService Manage() => new(Database.Factory, Clock, Links, new AttemptLog(Clock), Options.Create(new RateLimitOptions()));

    private Task<SignUpResult> SignUpAsync(Event ev, string name) =>
        new SignUpService(Database.Factory, Clock, Links).SignUpAsync(ev.Id, EventRegistrationTests.Details(name, $"{name}@example.org"));

    /// <summary>Signs people up in this order; returns the manage token each got in their first email.</summary>
    private async Task<Dictionary<string, string>> SignUpAllAsync(Event ev, params string[] names)
    {
        foreach (var name in names)
        {
            await SignUpAsync(ev, name);
        }

        await using var db = Database.Open();
        var first = await db.Outbox.Where(m => m.Kind == MessageKind.RegistrationConfirmed || m.Kind == MessageKind.Waitlisted).ToListAsync();
        return first.ToDictionary(m => m.ToName, m => Links.Unprotect(m.ProtectedPayload!));
    }

    private async Task<Event> EventAsync(string slug)
    {
        await using var db = Database.Open();
        return await db.Events.SingleAsync(e => e.Slug == slug);
    }

    private async Task<int> IdAsync(string name)
    {
        await using var db = Database.Open();
        return await db.Registrations.Where(r => r.Name == name).Select(r => r.Id).SingleAsync();
    }

    /// <summary>Names in sign-up order.</summary>
    private async Task<List<string>> NamesAsync(RegistrationStatus status)
    {
        await using var db = Database.Open();
        return await db.Registrations.Where(r => r.Status == status).OrderBy(r => r.Id).Select(r => r.Name).ToListAsync();
    }

    private async Task<List<string>> PromotedEmailsAsync()
    {
        await using var db = Database.Open();
        return await db.Outbox.Where(m => m.Kind == MessageKind.PromotedFromWaitingList).OrderBy(m => m.Id).Select(m => m.ToName).ToListAsync();
    }
}
