using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;
using Registration.Web.Features.Email;
using Registration.Web.Features.EventEditor;
using Registration.Web.Features.Import;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Registrations;

/// <summary>
/// Waiting-list offers: a freed place is held for the first person waiting, who claims it or lets it pass
/// to the next; a lapsed offer passes on when the job runs. Real SQLite file, a clock moved by hand.
/// </summary>
public sealed class WaitlistOfferTests() : DatabaseTests("2026-02-01T12:00:00Z")
{
    private static readonly DateTime March = new(2026, 3, 6, 10, 0, 0);
    private static readonly DateTime Now = new(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_freed_place_is_offered_to_the_first_person_waiting_held_for_them_and_claimed()
    {
        var ev = await OfferingEventAsync("claimed", hours: 24);
        var tokens = await SignUpAllAsync(ev, "Ada", "Grace", "Katherine");

        Assert.Equal(SelfCancelOutcome.Cancelled, await Manage().CancelAsync(tokens["Ada"]));

        var grace = await RegistrationAsync("Grace");
        Assert.Equal(RegistrationStatus.Offered, grace.Status);
        Assert.Equal(Now.AddHours(24), grace.OfferExpiresAtUtc);
        Assert.Equal(["Grace"], await EmailsAsync(MessageKind.PlaceOffered));

        // The offered place is held: a newcomer waits, behind Katherine.
        var dorothy = await SignUpAsync(ev, "Dorothy");
        Assert.Equal(SignUpOutcome.Waitlisted, dorothy.Outcome);
        Assert.Equal(2, dorothy.WaitlistPosition);

        Clock.Now = Clock.Now.AddHours(23);
        var offerLink = await LinkInAsync(MessageKind.PlaceOffered, "Grace");
        Assert.Equal(SelfClaimOutcome.Claimed, await Manage().ClaimAsync(offerLink));
        Assert.Equal(SelfClaimOutcome.NoOffer, await Manage().ClaimAsync(offerLink));
        Assert.Equal(RegistrationStatus.Confirmed, (await RegistrationAsync("Grace")).Status);
        Assert.Equal(["Grace"], await EmailsAsync(MessageKind.RegistrationConfirmed, after: "Ada"));
        Assert.Equal(0, await new WaitlistOffers(Database.Factory, Links, Clock).ExpireDueAsync());
    }

    [Fact]
    public async Task An_unclaimed_offer_lapses_at_its_deadline_and_passes_to_the_next_person()
    {
        var ev = await OfferingEventAsync("lapsed", hours: 24);
        var tokens = await SignUpAllAsync(ev, "Ada", "Grace", "Katherine");
        await Manage().CancelAsync(tokens["Ada"]);
        var graceLink = await LinkInAsync(MessageKind.PlaceOffered, "Grace");

        Clock.Now = Clock.Now.AddHours(23).AddMinutes(59);
        Assert.Equal(0, await Offers().ExpireDueAsync());
        Assert.Equal(RegistrationStatus.Offered, (await RegistrationAsync("Grace")).Status);

        // At the deadline the place is no longer Grace's to claim, even before the job has run.
        Clock.Now = Clock.Now.AddMinutes(1);
        Assert.Equal(SelfClaimOutcome.Expired, await Manage().ClaimAsync(graceLink));

        Assert.Equal(1, await Offers().ExpireDueAsync());
        var grace = await RegistrationAsync("Grace");
        Assert.Equal(RegistrationStatus.Cancelled, grace.Status);
        Assert.Equal(EventRegistration.ByOfferLapsing, grace.StatusChangedBy);
        Assert.Equal(["Grace"], await EmailsAsync(MessageKind.OfferLapsed));
        var katherine = await RegistrationAsync("Katherine");
        Assert.Equal(RegistrationStatus.Offered, katherine.Status);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime.AddHours(24), katherine.OfferExpiresAtUtc);
        Assert.Equal(["Grace", "Katherine"], await EmailsAsync(MessageKind.PlaceOffered));

        // The lapsed offer's email links to the registration, which says what happened; there is nothing to claim.
        var lapsedLink = await LinkInAsync(MessageKind.OfferLapsed, "Grace");
        Assert.Equal(RegistrationStatus.Cancelled, (await Manage().FindAsync(lapsedLink))!.Registration.Status);
        Assert.Equal(SelfClaimOutcome.NoOffer, await Manage().ClaimAsync(lapsedLink));
    }

    [Fact]
    public async Task Letting_an_offer_go_passes_it_on_at_once()
    {
        var ev = await OfferingEventAsync("declined", hours: 48);
        var tokens = await SignUpAllAsync(ev, "Ada", "Grace", "Katherine");
        await Manage().CancelAsync(tokens["Ada"]);

        Assert.Equal(SelfCancelOutcome.Cancelled, await Manage().CancelAsync(await LinkInAsync(MessageKind.PlaceOffered, "Grace")));

        Assert.Equal(RegistrationStatus.Offered, (await RegistrationAsync("Katherine")).Status);
        Assert.Equal(["Grace", "Katherine"], await EmailsAsync(MessageKind.PlaceOffered));
    }

    [Fact]
    public async Task Offers_end_when_the_event_starts_and_no_new_ones_are_made_after()
    {
        // The event starts ten hours from now: a 24-hour offer is held only until the start.
        var ev = await OfferingEventAsync("starts-soon", hours: 24, starts: new DateTime(2026, 2, 1, 22, 0, 0));
        var tokens = await SignUpAllAsync(ev, "Ada", "Grace", "Katherine");
        await Manage().CancelAsync(tokens["Ada"]);
        Assert.Equal(ev.Schedule.StartsAtUtc, (await RegistrationAsync("Grace")).OfferExpiresAtUtc);

        Clock.Now = new DateTimeOffset(ev.Schedule.StartsAtUtc, TimeSpan.Zero);
        Assert.Equal(1, await Offers().ExpireDueAsync());

        Assert.Equal(RegistrationStatus.Cancelled, (await RegistrationAsync("Grace")).Status);
        Assert.Equal(RegistrationStatus.Waitlisted, (await RegistrationAsync("Katherine")).Status);
        Assert.Equal(["Grace"], await EmailsAsync(MessageKind.PlaceOffered));
    }

    [Fact]
    public async Task Offers_are_set_by_front_matter_and_in_the_editor_and_automatic_promotion_is_the_default()
    {
        using var pages = new TempDirectory();
        var page = pages.File("2026-03-06-offers.md", """
            ---
            title: Offers
            starts: 2026-03-06T10:00
            ends: 2026-03-06T12:00
            capacity: 10
            waitlist_offer_hours: 24
            ---
            A page.
            """);
        var bad = pages.File("2026-03-07-bad.md", "---\ntitle: Bad\nstarts: 2026-03-07T10:00\nwaitlist_offer_hours: forever\n---\nx\n");
        var notices = new EventNotices(Database.Factory, Links, Clock);

        var report = await new EventImporter(Database.Factory, notices, Clock, Database.Options).ImportAsync([page, bad]);

        Assert.Equal(ImportOutcome.Created, report.Files[0].Outcome);
        Assert.Equal(ImportOutcome.Skipped, report.Files[1].Outcome);
        Assert.Contains("waitlist_offer_hours", report.Files[1].Detail, StringComparison.Ordinal);
        await using var db = Database.Open();
        var ev = await db.Events.SingleAsync();
        Assert.Equal(24, ev.WaitlistOfferHours);

        var form = EventForm.From(ev);
        Assert.True(form.OfferPlaces);
        form.OfferPlaces = false;
        await new EventEditorService(Database.Factory, notices, Clock).SaveAsync(ev.Id, form, MoveNotice.AskFirst, "organiser@example.org");
        await using var check = Database.Open();
        Assert.Null((await check.Events.SingleAsync()).WaitlistOfferHours);
        Assert.Null((await TestEvents.AddAsync(Database.Factory, "default", 1, March)).WaitlistOfferHours);
    }

    private async Task<Event> OfferingEventAsync(string slug, int hours, DateTime? starts = null) =>
        await TestEvents.AddAsync(Database.Factory, slug, 1, starts ?? March, d => d with { WaitlistOfferHours = hours });

    private ManageService Manage() => new(Database.Factory, Clock, Links, new AttemptLog(Clock), Options.Create(new RateLimitOptions()));

    private WaitlistOffers Offers() => new(Database.Factory, Links, Clock);

    private Task<SignUpResult> SignUpAsync(Event ev, string name) =>
        new SignUpService(Database.Factory, Clock, Links).SignUpAsync(ev.Id, EventRegistrationTests.Details(name, $"{name}@example.org"));

    private async Task<Dictionary<string, string>> SignUpAllAsync(Event ev, params string[] names)
    {
        var tokens = new Dictionary<string, string>();
        foreach (var name in names)
        {
            await SignUpAsync(ev, name);
            tokens[name] = await LinkInAsync(MessageKind.RegistrationConfirmed, name, orKind: MessageKind.Waitlisted);
        }

        return tokens;
    }

    /// <summary>The manage token in the newest email of that kind to that person, as they would click it.</summary>
    private async Task<string> LinkInAsync(MessageKind kind, string name, MessageKind? orKind = null)
    {
        await using var db = Database.Open();
        var message = await db.Outbox.Where(m => m.ToName == name && (m.Kind == kind || m.Kind == orKind)).OrderBy(m => m.Id).LastAsync();
        return Links.Unprotect(message.ProtectedPayload!);
    }

    private async Task<EventRegistration> RegistrationAsync(string name)
    {
        await using var db = Database.Open();
        return await db.Registrations.SingleAsync(r => r.Name == name);
    }

    /// <summary>Who got emails of this kind, in order; <paramref name="after"/> skips those queued before that person's first email.</summary>
    private async Task<List<string>> EmailsAsync(MessageKind kind, string? after = null)
    {
        await using var db = Database.Open();
        var from = after is null ? 0 : await db.Outbox.Where(m => m.ToName == after).MinAsync(m => m.Id);
        return await db.Outbox.Where(m => m.Kind == kind && m.Id > from && m.ToName != after).OrderBy(m => m.Id).Select(m => m.ToName).ToListAsync();
    }
}
