using System.Net;
using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.Registrations;

/// <summary>
/// The page after registering, over HTTP, on 1 June 2025: its heading says what happened, the event and its
/// place follow, a place gets the calendar links and the waiting list does not, and both say what comes next.
/// </summary>
public sealed class SignUpResultPageTests : IClassFixture<SignUpResultPageTests.App>
{
    private static readonly DateTime July = new(2025, 7, 1, 14, 0, 0);
    private readonly App _app;
    private readonly SignUpClient _signUps;

    public SignUpResultPageTests(App app)
    {
        _app = app;
        _signUps = new SignUpClient(app.CreateClient());
    }

    [Fact]
    public async Task A_place_says_so_in_the_heading_and_title_and_offers_the_calendar_links()
    {
        await TestEvents.AddAsync(_app.DbFactory, "place", capacity: 5, July, createdUtc: Now);

        var page = await _signUps.PostAsync("place", SignUpClient.Fields("Ada Lovelace", "ada@example.org"));

        Assert.Equal("confirmed", SignUpClient.Status(page));
        Assert.Contains("<h1 id=\"result-title\">You have a place</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<title>You have a place · Test event place · ", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Register for", page.Html, StringComparison.Ordinal);
        Assert.Single(Headings(page, "h1"));
        Assert.Contains("Tuesday 1 July 2025, 14:00–16:00 UK time · Friends Meeting House, Manchester", page.Text, StringComparison.Ordinal);
        Assert.Contains("data-map-link", page.Html, StringComparison.Ordinal);

        // 14:00 UK summer time is 13:00Z.
        Assert.Contains("dates=20250701T130000Z%2F20250701T150000Z", WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
        Assert.Contains("data-calendar=\"outlook\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"events/place/calendar.ics\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("What happens next", page.Text, StringComparison.Ordinal);
        Assert.Contains("We are emailing a confirmation to ada@example.org", page.Text, StringComparison.Ordinal);
        Assert.Contains("We will send you a reminder before the event.", page.Text, StringComparison.Ordinal);
        Assert.Contains("a code to show at the door", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_waiting_list_gives_its_number_in_the_heading_and_no_calendar_links()
    {
        await TestEvents.AddAsync(_app.DbFactory, "full", capacity: 1, July, d => d with { WaitlistOfferHours = 24 }, Now);
        await _signUps.PostAsync("full", SignUpClient.Fields("Ada", "ada-full@example.org"));
        await _signUps.PostAsync("full", SignUpClient.Fields("Bob", "bob-full@example.org"));

        var page = await _signUps.PostAsync("full", SignUpClient.Fields("Cy", "cy-full@example.org"));

        Assert.Equal("waitlisted", SignUpClient.Status(page));
        Assert.Equal(2, SignUpClient.WaitlistPosition(page));
        Assert.Contains("<h1 id=\"result-title\">You are on the waiting list, number 2</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<title>You are on the waiting list, number 2 · Test event full", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-add-to-calendar", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar.google.com", page.Html, StringComparison.Ordinal);
        Assert.Contains("has 24 hours to claim it", page.Text, StringComparison.Ordinal);
        Assert.Contains("Once you have a place", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_online_place_says_how_the_joining_link_comes_without_showing_it()
    {
        await TestEvents.AddAsync(_app.DbFactory, "online-unset", capacity: null, July, d => d with { Location = EventLocation.Online }, Now);
        await TestEvents.AddAsync(_app.DbFactory, "online-set", capacity: null, July, d => d with { Location = EventLocation.Online, OnlineJoinUrl = "https://zoom.example.org/j/secret" }, Now);

        var unset = await _signUps.PostAsync("online-unset", SignUpClient.Fields("Ada", "ada-online@example.org"));
        var set = await _signUps.PostAsync("online-set", SignUpClient.Fields("Ada", "ada-online@example.org"));

        Assert.Contains("The joining link is not set yet: we will email it to you before the event", unset.Text, StringComparison.Ordinal);
        Assert.Contains("The joining link is in the confirmation email", set.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("zoom.example.org", set.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-map-link", set.Html, StringComparison.Ordinal);
    }

    private DateTime Now => _app.Clock.GetUtcNow().UtcDateTime;

    private static List<string> Headings(HttpPage page, string tag) =>
        System.Text.RegularExpressions.Regex.Matches(page.Html, $"<{tag}[ >]").Select(m => m.Value).ToList();

    /// <summary>One app, without sample events, for the whole class; each test has its own events and addresses.</summary>
    public sealed class App() : RegistrationAppFactory(seedSampleData: false);
}
