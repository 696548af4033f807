using Registration.Web.Domain;

namespace Registration.Tests.Domain;

public class EventScheduleTests
{
    [Fact]
    public void Winter_times_in_London_are_GMT()
    {
        var schedule = EventSchedule.At(new DateTime(2026, 3, 6, 10, 0, 0), new DateTime(2026, 3, 6, 17, 0, 0), "Europe/London");

        Assert.Equal(new DateTime(2026, 3, 6, 10, 0, 0, DateTimeKind.Utc), schedule.StartsAtUtc);
        Assert.Equal(new DateTime(2026, 3, 6, 17, 0, 0, DateTimeKind.Utc), schedule.EndsAtUtc);
        Assert.Equal(DateTimeKind.Utc, schedule.StartsAtUtc.Kind);
    }

    [Fact]
    public void Summer_times_in_London_are_BST_one_hour_ahead_of_UTC()
    {
        var schedule = EventSchedule.At(new DateTime(2025, 7, 9, 14, 0, 0), new DateTime(2025, 7, 9, 15, 0, 0), "Europe/London");

        Assert.Equal(new DateTime(2025, 7, 9, 13, 0, 0, DateTimeKind.Utc), schedule.StartsAtUtc);
        Assert.Equal(new DateTime(2025, 7, 9, 14, 0, 0), schedule.LocalStart);
    }

    [Fact]
    public void A_time_the_clocks_skip_moves_to_the_same_wall_time_after_the_change()
    {
        var schedule = EventSchedule.At(new DateTime(2026, 3, 29, 1, 30, 0), new DateTime(2026, 3, 29, 3, 0, 0), "Europe/London");

        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), schedule.StartsAtUtc);
    }

    [Fact]
    public void An_ambiguous_autumn_time_is_its_first_summer_time_occurrence()
    {
        var schedule = EventSchedule.At(new DateTime(2026, 10, 25, 1, 30, 0), new DateTime(2026, 10, 25, 2, 30, 0), "Europe/London");

        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), schedule.StartsAtUtc);
    }

    [Fact]
    public void An_event_may_not_end_before_it_starts()
    {
        var ex = Assert.Throws<DomainException>(() =>
            EventSchedule.At(new DateTime(2026, 3, 6, 17, 0, 0), new DateTime(2026, 3, 6, 10, 0, 0), "Europe/London"));
        Assert.Contains("end before it starts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Days_with_time_to_be_confirmed_span_local_midnight_to_midnight()
    {
        var schedule = EventSchedule.OnDays(new DateOnly(2022, 6, 6), new DateOnly(2022, 6, 10), "Europe/London");

        Assert.True(schedule.TimeToBeConfirmed);
        Assert.Equal(new DateTime(2022, 6, 5, 23, 0, 0, DateTimeKind.Utc), schedule.StartsAtUtc);
        Assert.Equal(new DateTime(2022, 6, 10, 23, 0, 0, DateTimeKind.Utc), schedule.EndsAtUtc);
        Assert.Equal(new DateOnly(2022, 6, 6), schedule.FirstDay);
        Assert.Equal(new DateOnly(2022, 6, 10), schedule.LastDay);
    }

    [Fact]
    public void The_last_day_may_not_come_before_the_first()
    {
        Assert.Throws<DomainException>(() => EventSchedule.OnDays(new DateOnly(2022, 6, 10), new DateOnly(2022, 6, 6), "Europe/London"));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    public void An_unknown_time_zone_is_refused_with_a_hint(string zone)
    {
        var ex = Assert.Throws<DomainException>(() => EventSchedule.OnDays(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), zone));
        Assert.Contains("zone", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Schedules_with_the_same_values_are_equal()
    {
        var a = EventSchedule.At(new DateTime(2026, 3, 6, 10, 0, 0), new DateTime(2026, 3, 6, 17, 0, 0), "Europe/London");
        var b = EventSchedule.At(new DateTime(2026, 3, 6, 10, 0, 0), new DateTime(2026, 3, 6, 17, 0, 0), "Europe/London");

        Assert.Equal(a, b);
        Assert.NotEqual(a, EventSchedule.OnDays(new DateOnly(2026, 3, 6), new DateOnly(2026, 3, 6), "Europe/London"));
    }
}
