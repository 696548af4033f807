using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Features.Import;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Import;

namespace Registration.Tests.Features.Events;

/// <summary>The public pages over HTTP, on a fresh installation with its sample events, on 1 June 2025.</summary>
public sealed class PublicPagesTests : IClassFixture<PublicPagesTests.App>
{
    private readonly App _app;
    private readonly HttpClient _client;

    public PublicPagesTests(App app)
    {
        _app = app;
        _client = app.CreateClient();
    }

    [Fact]
    public async Task Home_lists_both_sample_events_and_the_next_meeting_with_featured_first()
    {
        var page = await HttpPage.GetAsync(_client, "/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var conference = page.Text.IndexOf("Power and participation in public tech", StringComparison.Ordinal);
        var july = page.Text.IndexOf("Wednesday 9 July 2025, 14:00–15:00 UK time", StringComparison.Ordinal);
        var june = page.Text.IndexOf("Wednesday 11 June 2025, 14:00–15:00 UK time", StringComparison.Ordinal);
        Assert.True(july > 0 && conference > 0 && june > 0, page.Text);
        Assert.True(july < conference, "featured events come first, by date");
        Assert.True(conference < june, "the generated meeting is not featured");
        Assert.Contains("href=\"events/2026-03-06-conference\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conference_page_shows_its_day_and_times_in_UK_time_and_its_place()
    {
        var page = await HttpPage.GetAsync(_client, "/events/2026-03-06-conference");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Friday 6 March 2026, 10:00–17:00 UK time", page.Text, StringComparison.Ordinal);
        Assert.Contains("Manchester (venue TBC)", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("When: Friday 6 March 2026", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Where: Manchester", page.Text, StringComparison.Ordinal);
        Assert.Contains("Registration is not open yet. Registration opens: Early 2026.", page.Text, StringComparison.Ordinal);
        Assert.Contains("<title>Power and participation in public tech", page.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"events/2026-03-06-conference/calendar.ics\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Community_of_practice_page_shows_2pm_UK_summer_time_online_and_its_series()
    {
        var page = await HttpPage.GetAsync(_client, "/events/2025-07-09-community-of-practice");

        Assert.Contains("Wednesday 9 July 2025, 14:00–15:00 UK time", page.Text, StringComparison.Ordinal);
        Assert.Contains("Where Online", page.Text, StringComparison.Ordinal);
        Assert.Contains("Series Data and AI public engagement: Community of Practice", page.Text, StringComparison.Ordinal);
        Assert.Contains("Registration is open.", page.Text, StringComparison.Ordinal);
        Assert.Contains("People and Participation", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generated_meeting_offers_its_places()
    {
        var page = await HttpPage.GetAsync(_client, "/events/2025-06-11-community-of-practice");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Registration is open: 100 places left.", page.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"events/2025-06-11-community-of-practice/register\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_HTML_in_markdown_keeps_its_text_and_loses_its_script_handlers_and_script_links()
    {
        await _app.ImportAsync("2030-08-01-hostile.md", ImportFixtures.Hostile);

        var page = await HttpPage.GetAsync(_client, "/events/2030-08-01-hostile");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("alert", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("steal()", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;", page.Html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"x\" alt=\"\" loading=\"lazy\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("raw block", page.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/ok\" rel=\"noopener\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frame_in_the_first_paragraph_shows_no_tags_on_the_card_or_in_the_calendar()
    {
        await _app.ImportAsync("2030-09-01-framed.md", """
            ---
            title: Framed summary
            date: 2030-09-01
            ---
            See <iframe><b>bold tag</b> <img src=x onerror=alert(1)></iframe> here.
            """);

        var home = await HttpPage.GetAsync(_client, "/");
        var ics = await _client.GetStringAsync(new Uri("/events/2030-09-01-framed/calendar.ics", UriKind.Relative));

        Assert.Contains("Framed summary", home.Text, StringComparison.Ordinal);
        Assert.Contains("See here.", home.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("bold tag", home.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", home.Html, StringComparison.Ordinal);
        Assert.Contains("DESCRIPTION:See here.", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("bold tag", ics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_private_joining_link_is_never_on_public_pages_or_calendars()
    {
        await _app.ImportAsync("2031-01-15-meetup.md", ImportFixtures.ExtensionKeys);

        foreach (var url in new[] { "/events/monthly-meetup-january", "/", "/events.ics", "/events/monthly-meetup-january/calendar.ics", "/series/monthly-meetup" })
        {
            var page = await HttpPage.GetAsync(_client, url);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain("zoom.example.org", page.Html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/events/no-such-event", "We could not find that event.")]
    [InlineData("/series/no-such-series", "We could not find that series of events.")]
    [InlineData("/no/such/page", "We could not find that page.")]
    public async Task Missing_pages_answer_404_with_a_helpful_page(string url, string message)
    {
        var page = await HttpPage.GetAsync(_client, url);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Page not found", page.Text, StringComparison.Ordinal);
        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        Assert.Contains("See all events", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_address_with_capitals_redirects_to_the_lowercase_slug()
    {
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/events/2026-03-06-Conference", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/events/2026-03-06-conference", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Draft_events_are_not_public()
    {
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            var draft = Event.Create("secret-draft", new EventDetails
            {
                Title = "Secret draft",
                Schedule = EventSchedule.OnDays(new DateOnly(2030, 1, 1), new DateOnly(2030, 1, 1), "Europe/London"),
            }, DateTime.UtcNow);
            db.Events.Add(draft);
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(_client, "/events/secret-draft")).Status);
        Assert.DoesNotContain("Secret draft", (await HttpPage.GetAsync(_client, "/")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_page_lists_its_meetings_in_order()
    {
        var page = await HttpPage.GetAsync(_client, "/series/community-of-practice");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Meeting 1: Wednesday 11 June 2025", page.Text, StringComparison.Ordinal);
        Assert.Contains("Meeting 2: Wednesday 9 July 2025", page.Text, StringComparison.Ordinal);
        Assert.Contains("Chatham House rule", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_200_when_the_database_is_reachable()
    {
        using var response = await _client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_Paris_side_event_page_says_Paris_time_and_its_calendar_starts_at_08_00_UTC()
    {
        await _app.ImportAsync("2025-02-11-global-ai-governance.md", ImportFixtures.ParisSideEvent);

        var page = await HttpPage.GetAsync(_client, "/events/2025-02-11-global-ai-governance");
        var ics = await _client.GetStringAsync(new Uri("/events/2025-02-11-global-ai-governance/calendar.ics", UriKind.Relative));

        Assert.Contains("Tuesday 11 February 2025, 09:00–12:00 Paris time", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("UK time", page.Text, StringComparison.Ordinal);

        // Its "**Where:**" and "**When:**" lines are the fields above, not repeated in the description.
        Assert.Contains("Where Central Paris", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Where: Central Paris", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("9.00am", page.Text, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTART:20250211T080000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND:20250211T110000Z\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_past_event_without_a_time_or_place_shows_its_date_alone()
    {
        await _app.ImportAsync("2022-03-08-a-talk-long-ago.md", ImportFixtures.PastWithoutTimeOrPlace);

        var page = await HttpPage.GetAsync(_client, "/events/2022-03-08-a-talk-long-ago");

        Assert.Contains("When Tuesday 8 March 2022", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("to be confirmed", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Where", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_imported_page_whose_title_overrides_the_text_direction_is_skipped_with_the_reason()
    {
        var folder = Path.Combine(_app.DataDirectory, "pages");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "2030-10-01-reversed.md");
        await File.WriteAllTextAsync(path, "---\ntitle: \"Free \u202Eeert\"\ndate: 2030-10-01\n---\nHello.\n");

        var report = await _app.Services.GetRequiredService<EventImporter>().ImportAsync([path]);

        var result = Assert.Single(report.Files);
        Assert.Equal(ImportOutcome.Skipped, result.Outcome);
        Assert.Contains("The title must not contain control characters or text direction overrides (U+202E at character 6).", result.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(_client, "/events/2030-10-01-reversed")).Status);
    }

    public sealed class App : RegistrationAppFactory
    {
        public async Task ImportAsync(string name, string text)
        {
            var folder = Path.Combine(DataDirectory, "pages");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name);
            await File.WriteAllTextAsync(path, text);
            var report = await Services.GetRequiredService<EventImporter>().ImportAsync([path]);
            Assert.NotEqual(ImportOutcome.Skipped, Assert.Single(report.Files).Outcome);
        }
    }
}
