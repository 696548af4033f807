using Microsoft.EntityFrameworkCore;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Privacy;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Privacy;

/// <summary>Which events the dashboard warns about, and how a registration whose data went shows in the attendee list.</summary>
public sealed class RetentionTextTests() : DatabaseTests("2026-12-01T12:00:00Z")
{
    private static readonly PrivacyOptions Settings = new() { RetainDays = 90, RetainSensitiveDays = 14 };

    [Fact]
    public async Task The_dashboard_lists_events_whose_personal_data_goes_within_14_days_soonest_first()
    {
        var now = Clock.GetUtcNow().UtcDateTime;

        // Ended 80 days ago: due in 10 days. Ended 70 days ago: due in 20, too far off. Kept 30 days, ended 18
        // days ago: due in 12, by its own setting. Ended 95 days ago: overdue, the job not having run.
        var soon = await WithPeopleAsync("soon", now.AddDays(-80), null, "Ada", "Grace");
        await WithPeopleAsync("later", now.AddDays(-70), null, "Ada");
        var own = await WithPeopleAsync("own", now.AddDays(-18), 30, "Ada");
        var overdue = await WithPeopleAsync("overdue", now.AddDays(-95), null, "Ada");
        await WithPeopleAsync("upcoming", now.AddDays(10), null, "Ada");

        // Nothing to lose: nobody registered, everyone already anonymised, or removed already.
        await WithPeopleAsync("empty", now.AddDays(-85), null);
        var gone = await WithPeopleAsync("gone", now.AddDays(-85), null, "Ada");
        var removed = await WithPeopleAsync("removed", now.AddDays(-85), null, "Ada");
        await using (var db = Database.Open())
        {
            foreach (var registration in await db.Registrations.Where(r => r.EventId == gone.Id || r.EventId == removed.Id).ToListAsync())
            {
                registration.Anonymise(now);
            }

            (await db.Events.SingleAsync(e => e.Id == removed.Id)).MarkPersonalDataRemoved(now);
            await db.SaveChangesAsync();
        }

        await using var read = Database.Open();
        var due = await RetentionText.DueSoonAsync(read, Settings, now);

        Assert.Equal([overdue.Slug, soon.Slug, own.Slug], due.Select(d => d.Event.Slug));
        Assert.Equal([1, 2, 1], due.Select(d => d.People));
        Assert.Equal(soon.Schedule.EndsAtUtc.AddDays(90), due[1].Retention.PersonalDataDueAtUtc);
        Assert.Equal(own.Schedule.EndsAtUtc.AddDays(30), due[2].Retention.PersonalDataDueAtUtc);
    }

    [Fact]
    public async Task Dates_and_days_read_as_the_organisers_count_them()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "dates", null, new DateTime(2026, 12, 1, 22, 0, 0), d => d with
        {
            Schedule = EventSchedule.At(new DateTime(2026, 12, 1, 22, 0, 0), new DateTime(2026, 12, 1, 23, 30, 0), "America/New_York"),
        });

        // 23:30 in New York is already the next day in UTC: the day shown is New York's.
        Assert.Equal("1 December 2026", RetentionText.Date(ev.Schedule.EndsAtUtc, ev));
        Assert.Equal("when the event ends", RetentionText.AfterTheEvent(0));
        Assert.Equal("1 day after the event", RetentionText.AfterTheEvent(1));
        Assert.Equal("90 days after the event", RetentionText.AfterTheEvent(90));
        Assert.Equal(14, (Settings.RetentionOf(ev).SensitiveDataDueAtUtc - ev.Schedule.EndsAtUtc).TotalDays);
        Assert.Equal(5, (new PrivacyOptions { RetainDays = 5, RetainSensitiveDays = 14 }.RetentionOf(ev).SensitiveDataDueAtUtc - ev.Schedule.EndsAtUtc).TotalDays);
    }

    [Fact]
    public async Task A_registration_whose_data_went_shows_as_removed_and_the_figures_do_not_change()
    {
        var ev = await WithPeopleAsync("list", Clock.GetUtcNow().UtcDateTime.AddDays(-100), null, "Ada", "Grace");
        await using (var db = Database.Open())
        {
            var ada = await db.Registrations.SingleAsync(r => r.EventId == ev.Id && r.Name == "Ada");
            ada.CheckIn(ev.Schedule.StartsAtUtc, "door@example.org");
            await db.SaveChangesAsync();
        }

        await using var before = Database.Open();
        var counts = await AttendeeQueries.CountsAsync(before, ev);
        await using (var db = Database.Open())
        {
            (await db.Registrations.SingleAsync(r => r.EventId == ev.Id && r.Name == "Ada")).Anonymise(Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        await using var read = Database.Open();
        var rows = (await AttendeeQueries.PageAsync(read, ev.Id, term: null, status: null, orderBy: null, skip: 0, take: 25)).Rows;
        Assert.Equal(["Removed", "Grace"], rows.Select(r => r.ShownName));
        Assert.True(rows[0].IsAnonymised);
        Assert.Equal(string.Empty, rows[0].Email);
        Assert.Equal(RegistrationStatus.Confirmed, rows[0].Status);
        Assert.NotNull(rows[0].CheckedInAtUtc);
        Assert.False(rows[1].IsAnonymised);
        Assert.Equal(counts, await AttendeeQueries.CountsAsync(read, ev));

        // A search for the name no longer finds it.
        Assert.Equal(0, (await AttendeeQueries.PageAsync(read, ev.Id, "Ada", status: null, orderBy: null, skip: 0, take: 25)).Total);
    }

    private async Task<Event> WithPeopleAsync(string slug, DateTime endsUtc, int? retainDays, params string[] names)
    {
        var end = DateTime.SpecifyKind(endsUtc, DateTimeKind.Unspecified);
        var start = end.AddHours(-2);
        var ev = await TestEvents.AddAsync(Database.Factory, slug, null, start, d => d with
        {
            Title = $"Event {slug}",
            Schedule = EventSchedule.At(start, end, "Etc/UTC"),
            RetainDays = retainDays,
        }, createdUtc: start.AddDays(-30));

        // Signed up while the event was still ahead.
        var signedUp = Clock.GetUtcNow();
        Clock.Now = new DateTimeOffset(DateTime.SpecifyKind(start.AddDays(-7), DateTimeKind.Utc));
        foreach (var name in names)
        {
            await new SignUpService(Database.Factory, Clock, Links).SignUpAsync(ev.Id, EventRegistrationTests.Details(name, $"{name}@example.org"));
        }

        Clock.Now = signedUp;
        return ev;
    }
}
