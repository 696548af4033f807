using System.Web;
using Registration.Tests.Domain;
using Registration.Web.Domain;
using Registration.Web.Features.Calendar;

namespace Registration.Tests.Features.Calendar;

public sealed class CalendarLinksTests
{
    private static readonly Uri Page = new("https://events.example.org/events/meeting");

    [Fact]
    public void A_winter_meeting_at_14_00_UK_time_is_14_00Z_in_both_links()
    {
        var links = CalendarLinks.For(Meeting(new DateTime(2026, 1, 14, 14, 0, 0), new DateTime(2026, 1, 14, 15, 30, 0)), Page);

        Assert.Equal("20260114T140000Z/20260114T153000Z", Parameter(links.Google, "dates"));
        Assert.Equal("2026-01-14T14:00:00Z", Parameter(links.Outlook, "startdt"));
        Assert.Equal("2026-01-14T15:30:00Z", Parameter(links.Outlook, "enddt"));
        Assert.Equal("false", Parameter(links.Outlook, "allday"));
    }

    [Fact]
    public void A_summer_meeting_at_14_00_UK_time_is_13_00Z_in_both_links()
    {
        var links = CalendarLinks.For(Meeting(new DateTime(2026, 7, 8, 14, 0, 0), new DateTime(2026, 7, 8, 15, 30, 0)), Page);

        Assert.Equal("20260708T130000Z/20260708T143000Z", Parameter(links.Google, "dates"));
        Assert.Equal("2026-07-08T13:00:00Z", Parameter(links.Outlook, "startdt"));
        Assert.Equal("2026-07-08T14:30:00Z", Parameter(links.Outlook, "enddt"));
        Assert.Equal("outlook.office.com", links.Office.Host);
        Assert.Equal("2026-07-08T13:00:00Z", Parameter(links.Office, "startdt"));
        Assert.Equal("2026-07-08T14:30:00Z", Parameter(links.Office, "enddt"));
    }

    [Fact]
    public void An_event_over_the_October_clock_change_ends_at_the_winter_offset()
    {
        // Starts on Saturday at 10:00 BST (09:00Z), ends on Sunday at 17:00 GMT (17:00Z).
        var links = CalendarLinks.For(Meeting(new DateTime(2026, 10, 24, 10, 0, 0), new DateTime(2026, 10, 25, 17, 0, 0)), Page);

        Assert.Equal("20261024T090000Z/20261025T170000Z", Parameter(links.Google, "dates"));
    }

    [Fact]
    public void An_event_whose_time_is_to_be_confirmed_is_all_day_with_an_exclusive_end()
    {
        var ev = EventBuilder.Published(d => d with { Schedule = EventSchedule.OnDays(new DateOnly(2026, 3, 6), new DateOnly(2026, 3, 7), "Europe/London") });

        var links = CalendarLinks.For(ev, Page);

        Assert.Equal("20260306/20260308", Parameter(links.Google, "dates"));
        Assert.Equal("2026-03-06", Parameter(links.Outlook, "startdt"));
        Assert.Equal("2026-03-08", Parameter(links.Outlook, "enddt"));
        Assert.Equal("true", Parameter(links.Outlook, "allday"));
    }

    [Fact]
    public void Title_place_and_page_are_carried_and_the_joining_link_only_when_given()
    {
        var ev = EventBuilder.Published(d => d with { Title = "Café & chat: 50% off?", Location = EventLocation.Online, OnlineJoinUrl = "https://zoom.example/j/123?pwd=a&b" });

        var shared = CalendarLinks.For(ev, Page);
        var personal = CalendarLinks.For(ev, Page, ev.OnlineJoinUrl);

        Assert.Equal("https", shared.Google.Scheme);
        Assert.Equal("calendar.google.com", shared.Google.Host);
        Assert.Equal("outlook.live.com", shared.Outlook.Host);
        Assert.Equal("Café & chat: 50% off?", Parameter(shared.Google, "text"));
        Assert.Equal("Café & chat: 50% off?", Parameter(shared.Outlook, "subject"));
        Assert.Equal("Online", Parameter(shared.Google, "location"));
        Assert.EndsWith(Page.ToString(), Parameter(shared.Google, "details"), StringComparison.Ordinal);
        Assert.DoesNotContain("zoom.example", shared.Google.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("zoom.example", shared.Outlook.ToString(), StringComparison.Ordinal);
        Assert.Contains("Join online: https://zoom.example/j/123?pwd=a&b", Parameter(personal.Google, "details"), StringComparison.Ordinal);
        Assert.Contains("Join online: https://zoom.example/j/123?pwd=a&b", Parameter(personal.Outlook, "body"), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_calendar_file_given_the_joining_link_carries_it()
    {
        var ev = EventBuilder.Published(d => d with { Location = EventLocation.Online, OnlineJoinUrl = "https://zoom.example/j/123" });

        var shared = new IcsWriter("PUBLISH").AddEvent(ev, Page, EventBuilder.Now).ToString();
        var personal = new IcsWriter("PUBLISH").AddEvent(ev, Page, EventBuilder.Now, joinUrl: ev.OnlineJoinUrl).ToString();

        Assert.DoesNotContain("zoom.example", shared, StringComparison.Ordinal);
        Assert.Contains("\r\nLOCATION:Online\r\n", shared, StringComparison.Ordinal);
        Assert.Contains("\r\nLOCATION:https://zoom.example/j/123\r\n", personal, StringComparison.Ordinal);
        Assert.Contains("Join online: https://zoom.example/j/123\\n\\n", personal, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_offered_for_a_cancelled_or_finished_event()
    {
        var ev = EventBuilder.Published();
        var during = ev.Schedule.StartsAtUtc.AddHours(1);

        Assert.True(CalendarLinks.Offered(ev, EventBuilder.Now));
        Assert.True(CalendarLinks.Offered(ev, during));
        Assert.False(CalendarLinks.Offered(ev, ev.Schedule.EndsAtUtc));
        ev.Cancel("The venue flooded.");
        Assert.False(CalendarLinks.Offered(ev, EventBuilder.Now));
    }

    private static Event Meeting(DateTime localStart, DateTime localEnd) =>
        EventBuilder.Published(d => d with { Schedule = EventSchedule.At(localStart, localEnd, "Europe/London") });

    private static string Parameter(Uri link, string name) => HttpUtility.ParseQueryString(link.Query)[name]
        ?? throw new InvalidOperationException($"{link} has no {name}.");
}
