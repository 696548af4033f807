using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Registrations;

/// <summary>The sign-up and cancel workflows against a real SQLite file, without the web layer.</summary>
public sealed class RegistrationWorkflowTests() : DatabaseTests("2026-02-01T12:00:00Z")
{
    [Fact]
    public async Task The_database_itself_refuses_a_second_active_registration_for_one_address()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "unique", 10, new DateTime(2026, 3, 6, 10, 0, 0));
        await using var db = Database.Open();
        var (first, _) = EventRegistration.Create(ev.Id, EventRegistrationTests.Details("Ada", "ada@example.org"), true, Clock.GetUtcNow().UtcDateTime);
        db.Registrations.Add(first);
        await db.SaveChangesAsync();

        var (second, _) = EventRegistration.Create(ev.Id, EventRegistrationTests.Details("Ada", "ADA@example.org"), true, Clock.GetUtcNow().UtcDateTime);
        db.Registrations.Add(second);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        first = await db.Registrations.SingleAsync();

        // Cancelling a place may free one for someone waiting, which is decided in a write transaction.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            first.Cancel(Clock.GetUtcNow().UtcDateTime, EventRegistration.ByAttendee);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var (third, _) = EventRegistration.Create(ev.Id, EventRegistrationTests.Details("Ada", "ada@example.org"), true, Clock.GetUtcNow().UtcDateTime);
        db.Registrations.Add(third);
        await db.SaveChangesAsync();
        Assert.Equal(2, await db.Registrations.CountAsync());
    }

    [Fact]
    public async Task The_emailed_token_opens_the_registration_it_was_made_for()
    {
        await TestEvents.AddAsync(Database.Factory, "tokens", null, new DateTime(2026, 3, 6, 10, 0, 0));
        var result = await SignUpAsync("tokens", EventRegistrationTests.Details("Ada", "ada@example.org"));
        Assert.Equal(SignUpOutcome.Confirmed, result.Outcome);

        await using var db = Database.Open();
        var message = await db.Outbox.SingleAsync();
        Assert.DoesNotContain((await db.ManageTokens.SingleAsync()).Hash, message.ProtectedPayload!, StringComparison.Ordinal);
        var token = Links.Unprotect(message.ProtectedPayload!);
        var found = await Manage().FindAsync(token);
        Assert.Equal("Ada", found!.Registration.Name);
        Assert.Null(await Manage().FindAsync(token + "x"));
        Assert.Null(await Manage().FindAsync(string.Empty));
    }

    [Fact]
    public async Task Leaving_the_waiting_list_promotes_nobody_and_moves_the_queue_up()
    {
        await TestEvents.AddAsync(Database.Factory, "queue", 1, new DateTime(2026, 3, 6, 10, 0, 0));
        var tokens = new List<string>();
        foreach (var name in new[] { "Ada", "Grace", "Katherine" })
        {
            await SignUpAsync("queue", EventRegistrationTests.Details(name, $"{name}@example.org"));
            await using var db = Database.Open();
            tokens.Add(Links.Unprotect((await db.Outbox.OrderBy(m => m.Id).LastAsync()).ProtectedPayload!));
        }

        Assert.Equal(SelfCancelOutcome.Cancelled, await Manage().CancelAsync(tokens[1]));

        // Cancelling turned that link off; the link in the cancellation email finds it already cancelled.
        Assert.Equal(SelfCancelOutcome.LinkNotValid, await Manage().CancelAsync(tokens[1]));
        await using (var db = Database.Open())
        {
            var cancellation = await db.Outbox.SingleAsync(m => m.Kind == MessageKind.RegistrationCancelled);
            Assert.Equal(SelfCancelOutcome.AlreadyCancelled, await Manage().CancelAsync(Links.Unprotect(cancellation.ProtectedPayload!)));
        }

        Assert.Equal(SelfCancelOutcome.LinkNotValid, await Manage().CancelAsync("nonsense"));

        Assert.Equal(RegistrationStatus.Confirmed, (await Manage().FindAsync(tokens[0]))!.Registration.Status);
        Assert.Equal(1, (await Manage().FindAsync(tokens[2]))!.WaitlistPosition);
        await using var check = Database.Open();
        Assert.False(await check.Outbox.AnyAsync(m => m.Kind == MessageKind.PromotedFromWaitingList));
    }

    [Fact]
    public async Task Once_the_event_has_started_a_freed_place_is_not_given_away()
    {
        await TestEvents.AddAsync(Database.Factory, "started", 1, new DateTime(2026, 2, 1, 12, 30, 0));
        await SignUpAsync("started", EventRegistrationTests.Details("Ada", "ada@example.org"));
        await SignUpAsync("started", EventRegistrationTests.Details("Grace", "grace@example.org"));
        string adaToken;
        await using (var db = Database.Open())
        {
            adaToken = Links.Unprotect((await db.Outbox.OrderBy(m => m.Id).FirstAsync()).ProtectedPayload!);
        }

        Clock.Now = new DateTimeOffset(2026, 2, 1, 12, 45, 0, TimeSpan.Zero);
        Assert.Equal(SelfCancelOutcome.Cancelled, await Manage().CancelAsync(adaToken));

        await using var check = Database.Open();
        Assert.Equal(RegistrationStatus.Waitlisted, (await check.Registrations.SingleAsync(r => r.Name == "Grace")).Status);
    }

    [Fact]
    public async Task An_unknown_event_and_a_closed_one_take_nobody()
    {
        await TestEvents.AddAsync(Database.Factory, "past", 10, new DateTime(2026, 1, 1, 10, 0, 0));

        Assert.Equal(SignUpOutcome.EventNotFound, (await SignUpAsync("nowhere", EventRegistrationTests.Details("Ada", "ada@example.org"))).Outcome);
        var past = await SignUpAsync("past", EventRegistrationTests.Details("Ada", "ada@example.org"));
        Assert.Equal(SignUpOutcome.NotOpen, past.Outcome);
        Assert.Equal(RegistrationAvailability.Finished, past.Availability);
        await using var db = Database.Open();
        Assert.False(await db.Registrations.AnyAsync());
        Assert.False(await db.Outbox.AnyAsync());
    }

    private async Task<SignUpResult> SignUpAsync(string slug, SignUpDetails details)
    {
        await using var db = Database.Open();
        var eventId = await db.Events.Where(e => e.Slug == slug).Select(e => (int?)e.Id).SingleOrDefaultAsync() ?? -1;
        return await new SignUpService(Database.Factory, Clock, Links).SignUpAsync(eventId, details);
    }

    private ManageService Manage() => new(Database.Factory, Clock, Links, new AttemptLog(Clock), Options.Create(new RateLimitOptions()));
}
