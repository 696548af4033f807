using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.Events;

/// <summary>
/// The event page's calendar and map links over HTTP, on the sample events, on 1 June 2025: Google and
/// Outlook.com in UTC (a July meeting at 14:00 UK summer time is 13:00Z, the March conference 10:00Z), none
/// for a cancelled or finished event, and a map only for a venue that is known.
/// </summary>
public sealed partial class EventPageLinksTests : IClassFixture<EventPageLinksTests.App>
{
    private readonly App _app;
    private readonly HttpClient _client;

    public EventPageLinksTests(App app)
    {
        _app = app;
        _client = app.CreateClient();
    }

    [Fact]
    public async Task A_summer_meeting_offers_Google_and_Outlook_in_UTC_and_the_calendar_file()
    {
        var page = await HttpPage.GetAsync(_client, "/events/2025-07-09-community-of-practice");

        Assert.Contains("dates=20250709T130000Z%2F20250709T140000Z", Calendar(page, "google"), StringComparison.Ordinal);
        Assert.DoesNotContain(" ", Calendar(page, "google"), StringComparison.Ordinal);
        var outlook = Calendar(page, "outlook");
        Assert.Contains("startdt=2025-07-09T13%3A00%3A00Z", outlook, StringComparison.Ordinal);
        Assert.Contains("enddt=2025-07-09T14%3A00%3A00Z", outlook, StringComparison.Ordinal);
        Assert.Contains("href=\"events/2025-07-09-community-of-practice/calendar.ics\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-map-link", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_winter_conference_is_in_GMT_and_its_venue_still_TBC_has_no_map()
    {
        var page = await HttpPage.GetAsync(_client, "/events/2026-03-06-conference");

        Assert.Contains("dates=20260306T100000Z%2F20260306T170000Z", Calendar(page, "google"), StringComparison.Ordinal);
        Assert.Contains("startdt=2026-03-06T10%3A00%3A00Z", Calendar(page, "outlook"), StringComparison.Ordinal);
        Assert.Contains("Manchester (venue TBC)", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("data-map-link", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_known_venue_links_an_OpenStreetMap_search_and_map_url_overrides_it()
    {
        await TestEvents.AddAsync(_app.DbFactory, "searched", 10, new DateTime(2025, 7, 1, 10, 0, 0), createdUtc: Now);
        await TestEvents.AddAsync(_app.DbFactory, "chosen", 10, new DateTime(2025, 7, 1, 10, 0, 0), d => d with { MapUrl = "https://www.openstreetmap.org/way/123" }, Now);
        await TestEvents.AddAsync(_app.DbFactory, "online-chosen", 10, new DateTime(2025, 7, 1, 10, 0, 0), d => d with { Location = EventLocation.Online, MapUrl = "https://www.openstreetmap.org/way/123" }, Now);

        var searched = await HttpPage.GetAsync(_client, "/events/searched");
        Assert.Equal("https://www.openstreetmap.org/search?query=Friends%20Meeting%20House%2C%20Manchester", MapHref(searched));
        Assert.Contains("aria-label=\"Map of Friends Meeting House, Manchester on OpenStreetMap, opens in a new tab\"", searched.Html, StringComparison.Ordinal);
        Assert.Contains("target=\"_blank\" rel=\"noopener noreferrer\"", searched.Html, StringComparison.Ordinal);

        var chosen = await HttpPage.GetAsync(_client, "/events/chosen");
        Assert.Equal("https://www.openstreetmap.org/way/123", MapHref(chosen));
        Assert.Contains("aria-label=\"Map of Friends Meeting House, Manchester, opens in a new tab\"", chosen.Html, StringComparison.Ordinal);

        // An online event has nowhere to go, whatever map its page once had.
        Assert.DoesNotContain("data-map-link", (await HttpPage.GetAsync(_client, "/events/online-chosen")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_takes_the_calendar_links_off_the_cached_page_at_once()
    {
        await TestEvents.AddAsync(_app.DbFactory, "to-cancel", 10, new DateTime(2025, 7, 2, 10, 0, 0), createdUtc: Now);
        var before = await HttpPage.GetAsync(_client, "/events/to-cancel");
        Assert.Contains("data-add-to-calendar", before.Html, StringComparison.Ordinal);
        using (var cached = await _client.GetAsync(new Uri("/events/to-cancel", UriKind.Relative)))
        {
            Assert.True(cached.Headers.Age.HasValue, "the page is served from the cache before the change");
        }

        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            var ev = await db.Events.SingleAsync(e => e.Slug == "to-cancel");
            Assert.Equal(StatusChangeOutcome.Changed, ev.Cancel("The room is flooded."));
            await db.SaveChangesAsync();
        }

        var after = await HttpPage.GetAsync(_client, "/events/to-cancel");
        Assert.Contains("This event has been cancelled.", after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("data-add-to-calendar", after.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar.google.com", after.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar.ics", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finished_event_offers_no_calendar_and_no_empty_row_of_actions()
    {
        await TestEvents.AddAsync(_app.DbFactory, "finished", 10, new DateTime(2025, 5, 20, 10, 0, 0), createdUtc: Now.AddMonths(-1));

        var page = await HttpPage.GetAsync(_client, "/events/finished");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("This event has finished.", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("data-add-to-calendar", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"actions\"", page.Html, StringComparison.Ordinal);
    }

    private DateTime Now => _app.Clock.GetUtcNow().UtcDateTime;

    private static string Calendar(HttpPage page, string service)
    {
        var match = Regex.Match(page.Html, $"<a href=\"([^\"]+)\"[^>]*data-calendar=\"{service}\"");
        Assert.True(match.Success, $"no {service} link on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static string MapHref(HttpPage page) =>
        WebUtility.HtmlDecode(MapLinkHref().Match(page.Html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no map link"));

    [GeneratedRegex("<a class=\"map-link\" href=\"([^\"]+)\"")]
    private static partial Regex MapLinkHref();

    /// <summary>One app, with its sample events, for the whole class.</summary>
    public sealed class App : RegistrationAppFactory;
}
