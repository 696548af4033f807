using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Attendees;

/// <summary>The organiser's list actions against a real SQLite file, each leaving an audit entry.</summary>
public sealed class AttendeeActionsTests() : DatabaseTests("2026-02-01T12:00:00Z")
{
    private const string Organiser = "door@example.org";
    [Fact]
    public async Task Check_in_and_undo_only_for_confirmed_places_and_each_is_audited()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "door", 1, new DateTime(2026, 3, 6, 10, 0, 0));
        var ada = await SignUpAsync(ev, "Ada");
        var grace = await SignUpAsync(ev, "Grace");

        Assert.Equal(AttendeeActionOutcome.Done, await Actions().CheckInAsync(ada, Organiser));
        Assert.Equal(AttendeeActionOutcome.NothingToDo, await Actions().CheckInAsync(ada, Organiser));
        Assert.Equal(AttendeeActionOutcome.NotConfirmed, await Actions().CheckInAsync(grace, Organiser));
        Assert.Equal(AttendeeActionOutcome.Done, await Actions().UndoCheckInAsync(ada, Organiser));
        Assert.Equal(AttendeeActionOutcome.NothingToDo, await Actions().UndoCheckInAsync(ada, Organiser));
        Assert.Equal(AttendeeActionOutcome.NotFound, await Actions().CheckInAsync(9999, Organiser));

        await using var db = Database.Open();
        Assert.Null((await db.Registrations.SingleAsync(r => r.Id == ada)).CheckedInAtUtc);
        Assert.Equal(["check in", "undo check-in"], await db.Audit.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.All(await db.Audit.ToListAsync(), a => Assert.Equal(Organiser, a.Actor));
    }

    [Fact]
    public async Task Cancelling_promotes_and_promoting_respects_capacity()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "full", 1, new DateTime(2026, 3, 6, 10, 0, 0));
        var ada = await SignUpAsync(ev, "Ada");
        var grace = await SignUpAsync(ev, "Grace");
        var kate = await SignUpAsync(ev, "Katherine");

        Assert.Equal(AttendeeActionOutcome.NotFirstInLine, await Actions().PromoteAsync(kate, Organiser));
        Assert.Equal(AttendeeActionOutcome.NoPlaceFree, await Actions().PromoteAsync(grace, Organiser));
        Assert.Equal(AttendeeActionOutcome.Done, await Actions().CancelAsync(ada, Organiser));

        await using (var db = Database.Open())
        {
            Assert.Equal(RegistrationStatus.Confirmed, (await db.Registrations.SingleAsync(r => r.Id == grace)).Status);
            Assert.Equal($"organiser {Organiser}", (await db.Registrations.SingleAsync(r => r.Id == ada)).StatusChangedBy);
        }

        Assert.Equal(AttendeeActionOutcome.Done, await Actions().CancelAsync(grace, Organiser));
        Assert.Equal(AttendeeActionOutcome.NothingToDo, await Actions().PromoteAsync(kate, Organiser));
        await using var check = Database.Open();
        Assert.Equal(RegistrationStatus.Confirmed, (await check.Registrations.SingleAsync(r => r.Id == kate)).Status);
    }

    [Fact]
    public async Task Resending_sends_a_fresh_link_that_works_beside_the_old_one_and_notes_are_kept()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "notes", 10, new DateTime(2026, 3, 6, 10, 0, 0));
        var ada = await SignUpAsync(ev, "Ada");

        Assert.Equal(AttendeeActionOutcome.Done, await Actions().ResendConfirmationAsync(ada, Organiser));
        Assert.Equal(AttendeeActionOutcome.Done, await Actions().SetNotesAsync(ada, "  Speaker; needs a lectern  ", Organiser));

        await using var check = Database.Open();
        Assert.Equal("Speaker; needs a lectern", (await check.Registrations.SingleAsync()).Notes);
        var sent = await check.Outbox.Where(m => m.Kind == MessageKind.RegistrationConfirmed).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(2, sent.Count);
        var tokens = sent.Select(m => Links.Unprotect(m.ProtectedPayload!)).ToList();
        Assert.NotEqual(tokens[0], tokens[1]);
        var manage = new ManageService(Database.Factory, Clock, Links, new AttemptLog(Clock), Options.Create(new RateLimitOptions()));
        foreach (var token in tokens)
        {
            Assert.Equal("Ada", (await manage.FindAsync(token))!.Registration.Name);
        }
    }

    [Fact]
    public async Task An_organiser_can_add_someone_after_registration_closed_but_not_beyond_capacity()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "closed", 1, new DateTime(2026, 3, 6, 10, 0, 0), d => d with { RegistrationClosesAtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        var signUps = new SignUpService(Database.Factory, Clock, Links);

        Assert.Equal(SignUpOutcome.NotOpen, (await signUps.SignUpAsync(ev.Id, EventRegistrationTests.Details("Ada", "ada@example.org"))).Outcome);
        Assert.Equal(SignUpOutcome.Confirmed, (await signUps.AddByOrganiserAsync(ev.Id, EventRegistrationTests.Details("Ada", "ada@example.org"), Organiser)).Outcome);
        Assert.Equal(SignUpOutcome.Waitlisted, (await signUps.AddByOrganiserAsync(ev.Id, EventRegistrationTests.Details("Grace", "grace@example.org"), Organiser)).Outcome);

        await using var db = Database.Open();
        Assert.Equal(2, await db.Audit.CountAsync(a => a.Action == "add registration"));
    }

    private AttendeeActions Actions() => new(Database.Factory, Clock, Links);

    private async Task<int> SignUpAsync(Event ev, string name)
    {
        await new SignUpService(Database.Factory, Clock, Links).SignUpAsync(ev.Id, EventRegistrationTests.Details(name, $"{name}@example.org"));
        await using var db = Database.Open();
        return await db.Registrations.Where(r => r.Name == name).Select(r => r.Id).SingleAsync();
    }
}
