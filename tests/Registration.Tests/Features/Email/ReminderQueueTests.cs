using Microsoft.EntityFrameworkCore;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;

namespace Registration.Tests.Features.Email;

/// <summary>Reminder rules against a real SQLite file, with a clock the test moves.</summary>
public sealed class ReminderQueueTests() : DatabaseTests("2026-02-01T12:00:00Z")
{

    [Fact]
    public async Task A_winter_event_at_10_00_UK_time_gets_its_day_before_reminder_at_10_00_UTC()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "conference", 100, new DateTime(2026, 3, 6, 10, 0, 0));
        await RegisterAsync(ev, "Ada", RegistrationStatus.Confirmed);

        Assert.Equal(0, await QueueAtAsync("2026-03-05T09:59:59Z"));
        Assert.Equal(1, await QueueAtAsync("2026-03-05T10:00:00Z"));
        Assert.Equal(0, await QueueAtAsync("2026-03-05T10:01:00Z"));
        Assert.Equal([(MessageKind.Reminder, 1440)], await RemindersAsync());
    }

    [Fact]
    public async Task A_summer_online_event_at_14_00_UK_time_gets_a_day_and_an_hour_before_in_UTC_terms()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "summer", 100, new DateTime(2026, 7, 8, 14, 0, 0), d => d with { Location = EventLocation.Online });
        await RegisterAsync(ev, "Ada", RegistrationStatus.Confirmed);

        Assert.Equal(0, await QueueAtAsync("2026-07-07T12:59:00Z"));
        Assert.Equal(1, await QueueAtAsync("2026-07-07T13:00:00Z"));
        Assert.Equal(0, await QueueAtAsync("2026-07-08T11:59:00Z"));
        Assert.Equal(1, await QueueAtAsync("2026-07-08T12:00:00Z"));
        Assert.Equal([(MessageKind.Reminder, 1440), (MessageKind.Reminder, 60)], await RemindersAsync());
    }

    [Fact]
    public async Task After_a_pause_only_the_closest_due_reminder_is_sent()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "pause", 100, new DateTime(2026, 7, 8, 14, 0, 0), d => d with { Location = EventLocation.Online });
        await RegisterAsync(ev, "Ada", RegistrationStatus.Confirmed);

        Assert.Equal(1, await QueueAtAsync("2026-07-08T12:30:00Z"));
        Assert.Equal([(MessageKind.Reminder, 60)], await RemindersAsync());
    }

    [Fact]
    public async Task Overlapping_runs_queue_exactly_one_reminder_per_registration_and_offset()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "busy", 100, new DateTime(2026, 3, 6, 10, 0, 0), d => d with { ReminderOffsetsMinutes = [1440, 60, 3] });
        for (var i = 0; i < 30; i++)
        {
            await RegisterAsync(ev, $"Person {i}", RegistrationStatus.Confirmed);
        }

        foreach (var moment in new[] { "2026-03-05T10:00:00Z", "2026-03-06T09:00:00Z", "2026-03-06T09:58:00Z" })
        {
            Clock.Now = DateTimeOffset.Parse(moment, System.Globalization.CultureInfo.InvariantCulture);
            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Queue().QueueDueAsync())));
            await Queue().QueueDueAsync();
        }

        await using var db = Database.Open();
        var reminders = await db.Outbox.Where(m => m.Kind == MessageKind.Reminder).ToListAsync();
        Assert.Equal(90, reminders.Count);
        Assert.Equal(90, reminders.Select(m => (m.RegistrationId, m.ReminderOffsetMinutes)).Distinct().Count());
    }

    [Fact]
    public async Task Nobody_cancelled_waiting_or_too_late_is_reminded_and_nothing_for_cancelled_or_started_events()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "rules", 1, new DateTime(2026, 3, 6, 10, 0, 0));
        await RegisterAsync(ev, "Ada", RegistrationStatus.Confirmed);
        await RegisterAsync(ev, "Waiting", RegistrationStatus.Waitlisted);
        await RegisterAsync(ev, "Gone", RegistrationStatus.Cancelled);
        await RegisterAsync(ev, "Late", RegistrationStatus.Confirmed, createdUtc: new DateTime(2026, 3, 5, 11, 0, 0, DateTimeKind.Utc));

        Assert.Equal(1, await QueueAtAsync("2026-03-05T12:00:00Z"));
        await using (var db = Database.Open())
        {
            Assert.Equal("Ada", (await db.Outbox.Include(m => m.Registration).SingleAsync(m => m.Kind == MessageKind.Reminder)).Registration!.Name);
        }

        var cancelled = await TestEvents.AddAsync(Database.Factory, "called-off", 10, new DateTime(2026, 3, 6, 10, 0, 0));
        await RegisterAsync(cancelled, "Ada", RegistrationStatus.Confirmed);
        await using (var db = Database.Open())
        {
            (await db.Events.SingleAsync(e => e.Id == cancelled.Id)).Cancel();
            await db.SaveChangesAsync();
        }

        var started = await TestEvents.AddAsync(Database.Factory, "started", 10, new DateTime(2026, 3, 5, 12, 0, 0));
        await RegisterAsync(started, "Ada", RegistrationStatus.Confirmed);

        Assert.Equal(0, await QueueAtAsync("2026-03-05T12:30:00Z"));
    }

    private ReminderQueue Queue() => new(Database.Factory, Links, Clock);

    private async Task<int> QueueAtAsync(string isoUtc)
    {
        Clock.Now = DateTimeOffset.Parse(isoUtc, System.Globalization.CultureInfo.InvariantCulture);
        return await Queue().QueueDueAsync();
    }

    private async Task<List<(MessageKind, int)>> RemindersAsync()
    {
        await using var db = Database.Open();
        return (await db.Outbox.OrderBy(m => m.Id).ToListAsync()).Select(m => (m.Kind, m.ReminderOffsetMinutes ?? 0)).ToList();
    }

    private async Task RegisterAsync(Event ev, string name, RegistrationStatus status, DateTime? createdUtc = null)
    {
        await using var db = Database.Open();
        var created = createdUtc ?? new DateTime(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);
        var (registration, _) = EventRegistration.Create(ev.Id, EventRegistrationTests.Details(name, $"{Guid.NewGuid():N}@example.org"), status != RegistrationStatus.Waitlisted, created);
        if (status == RegistrationStatus.Cancelled)
        {
            registration.Cancel(created, EventRegistration.ByAttendee);
        }

        // A cancelled place may free one for someone waiting: that is saved in a write transaction.
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Registrations.Add(registration);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }
}
