using Registration.Web.Domain;
using Registration.Web.Features.Events;

namespace Registration.Tests.Features.Events;

public class EventDisplayTests
{
    [Fact]
    public void A_day_event_reads_with_its_times_and_UK_time()
    {
        var schedule = EventSchedule.At(new DateTime(2026, 3, 6, 10, 0, 0), new DateTime(2026, 3, 6, 17, 0, 0), "Europe/London");

        Assert.Equal("Friday 6 March 2026, 10:00–17:00 UK time", EventDisplay.When(schedule));
    }

    [Fact]
    public void Summer_times_read_as_local_wall_time()
    {
        var schedule = EventSchedule.At(new DateTime(2025, 7, 9, 14, 0, 0), new DateTime(2025, 7, 9, 15, 0, 0), "Europe/London");

        Assert.Equal("Wednesday 9 July 2025, 14:00–15:00 UK time", EventDisplay.When(schedule));
    }

    [Fact]
    public void Other_zones_are_named_by_their_city()
    {
        var schedule = EventSchedule.At(new DateTime(2025, 2, 11, 9, 0, 0), new DateTime(2025, 2, 11, 12, 0, 0), "Europe/Paris");

        Assert.Equal("Tuesday 11 February 2025, 09:00–12:00 Paris time", EventDisplay.When(schedule));
    }

    [Fact]
    public void Dates_without_times_say_so()
    {
        Assert.Equal("Friday 6 March 2026 (time to be confirmed)", EventDisplay.When(EventSchedule.OnDays(new DateOnly(2026, 3, 6), new DateOnly(2026, 3, 6), "Europe/London")));
        Assert.Equal("Monday 6 June 2022 to Friday 10 June 2022", EventDisplay.When(EventSchedule.OnDays(new DateOnly(2022, 6, 6), new DateOnly(2022, 6, 10), "Europe/London")));
    }

    [Fact]
    public void An_event_past_midnight_names_both_days()
    {
        var schedule = EventSchedule.At(new DateTime(2026, 5, 22, 19, 0, 0), new DateTime(2026, 5, 23, 1, 0, 0), "Europe/London");

        Assert.Equal("Friday 22 May 2026, 19:00 to Saturday 23 May 2026, 01:00 UK time", EventDisplay.When(schedule));
    }

    [Fact]
    public void Once_over_a_day_without_a_time_reads_as_the_date_alone()
    {
        var day = EventSchedule.OnDays(new DateOnly(2022, 3, 8), new DateOnly(2022, 3, 8), "Europe/London");

        Assert.Equal("Tuesday 8 March 2022 (time to be confirmed)", EventDisplay.When(day, new DateTime(2022, 3, 8, 23, 59, 0, DateTimeKind.Utc)));
        Assert.Equal("Tuesday 8 March 2022", EventDisplay.When(day, new DateTime(2022, 3, 9, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Once_over_an_event_without_a_place_has_none_and_one_with_a_place_keeps_it()
    {
        var day = EventSchedule.OnDays(new DateOnly(2022, 3, 8), new DateOnly(2022, 3, 8), "Europe/London");
        var before = new DateTime(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var after = new DateTime(2022, 3, 10, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal("Location to be confirmed", EventDisplay.Where(EventLocation.ToBeConfirmed, day, before));
        Assert.Null(EventDisplay.Where(EventLocation.ToBeConfirmed, day, after));
        Assert.Equal("Toynbee Hall", EventDisplay.Where(EventLocation.InPerson("Toynbee Hall"), day, after));
        Assert.Equal("Online", EventDisplay.Where(EventLocation.Online, day, after));
    }

    [Theory]
    [InlineData("CET", "Central European time")]
    [InlineData("America/Sao_Paulo", "Brasília time")]
    [InlineData("America/New_York", "New York time")]
    [InlineData("UTC", "UTC")]
    public void Zones_set_from_the_text_read_by_the_names_people_use(string zone, string label)
    {
        Assert.Equal(label, EventDisplay.ZoneLabel(zone));
        EventSchedule.FindTimeZone(zone);
    }
}
