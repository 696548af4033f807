using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.EventList;

/// <summary>The organiser's list of every event over HTTP, on a real SQLite file: filters, search, notes and marking them reviewed.</summary>
public sealed class EventsPageTests : IAsyncLifetime
{
    private static readonly string[] ParisNotes = ["Time zone Europe/Paris taken from \"Central Paris\" on the page.", "Times 09:00–12:00 read from the page text."];
    private readonly RegistrationAppFactory _app = new(nowUtc: "2026-12-01T12:00:00Z", seedSampleData: false);
    private HttpClient _organiser = null!;

    public async Task InitializeAsync()
    {
        _organiser = await OrganiserClient.SignedInAsync(_app);
        await TestEvents.AddAsync(_app.DbFactory, "2025-02-11-paris-side-event", null, new DateTime(2025, 2, 11, 9, 0, 0), d => d with { Title = "Side event in Paris", ReviewNotes = ParisNotes });
        await TestEvents.AddAsync(_app.DbFactory, "2022-05-04-evidence-session", null, new DateTime(2022, 5, 4, 10, 0, 0), d => d with { Title = "Evidence session in Brasília", ReviewNotes = ["No location found: shown as to be confirmed."] });
        await TestEvents.AddAsync(_app.DbFactory, "2027-01-20-meetup", 30, new DateTime(2027, 1, 20, 14, 0, 0), d => d with { Title = "Community of practice <b>January</b>" });
    }

    public Task DisposeAsync()
    {
        _organiser.Dispose();
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_event_is_listed_with_counts_per_filter_and_the_review_notes()
    {
        var all = await HttpPage.GetAsync(_organiser, "/organiser/events");

        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Contains("All (3)", all.Text, StringComparison.Ordinal);
        Assert.Contains("Upcoming (1)", all.Text, StringComparison.Ordinal);
        Assert.Contains("Past (2)", all.Text, StringComparison.Ordinal);
        Assert.Contains("Needs review (2)", all.Text, StringComparison.Ordinal);
        Assert.Contains("Times 09:00–12:00 read from the page text.", all.Text, StringComparison.Ordinal);

        // Next first, then the past from the latest back; a title's markup is text, never tags.
        Assert.True(all.Text.IndexOf("January", StringComparison.Ordinal) < all.Text.IndexOf("Side event in Paris", StringComparison.Ordinal));
        Assert.True(all.Text.IndexOf("Side event in Paris", StringComparison.Ordinal) < all.Text.IndexOf("Evidence session", StringComparison.Ordinal));
        Assert.Contains("Community of practice &lt;b&gt;January&lt;/b&gt;", all.Html, StringComparison.Ordinal);

        var review = await HttpPage.GetAsync(_organiser, "/organiser/events?show=review&q=BRASILIA");
        Assert.Contains("Evidence session in Brasília", review.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Side event in Paris", review.Text, StringComparison.Ordinal);
        Assert.Contains("1 event matches “BRASILIA”", review.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_an_event_reviewed_keeps_its_notes_takes_it_off_the_review_list_and_is_audited()
    {
        var id = await IdOfAsync("2025-02-11-paris-side-event");
        var page = await HttpPage.GetAsync(_organiser, "/organiser/events?show=review");

        using var response = await PostAsync("/organiser/events?show=review", page, "review", ("event", ButtonValue(page, id)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("?show=review&reviewed=2025-02-11-paris-side-event", response.RequestMessage?.RequestUri?.Query);
        var after = new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Contains("“Side event in Paris” is marked reviewed.", after.Text, StringComparison.Ordinal);
        Assert.Contains("Needs review (1)", after.Text, StringComparison.Ordinal);

        await using var db = await _app.DbFactory.CreateDbContextAsync();
        var ev = await db.Events.SingleAsync(e => e.Id == id);
        Assert.False(ev.NeedsReview);
        Assert.Equal(ParisNotes, ev.ReviewNotes);
        Assert.Equal(_app.Clock.GetUtcNow().UtcDateTime, ev.ReviewedAtUtc);
        var audit = await db.Audit.SingleAsync(a => a.EventId == id);
        Assert.Equal(("organiser@example.org", "mark reviewed", "2 notes"), (audit.Actor, audit.Action, audit.Details));

        var all = await HttpPage.GetAsync(_organiser, "/organiser/events");
        Assert.Contains("Reviewed 1 Dec 2026", all.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_tab_posting_the_same_review_or_one_for_an_event_gone_gets_the_list_not_an_error()
    {
        var id = await IdOfAsync("2022-05-04-evidence-session");
        var page = await HttpPage.GetAsync(_organiser, "/organiser/events?show=review&q=evidence");
        using (var first = await PostAsync("/organiser/events?show=review&q=evidence", page, "review", ("event", ButtonValue(page, id))))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // The list it was posted from is empty now: the event is reviewed and no longer on it.
        using var again = await PostAsync("/organiser/events?show=review&q=evidence", page, "review", ("event", ButtonValue(page, id)));
        using var gone = await PostAsync("/organiser/events?show=review", page, "review", ("event", "99999:0000000000000000"));
        using var stale = await PostAsync("/organiser/events?show=review", page, "review-all", ("ids", "1,2"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("“Evidence session in Brasília” is marked reviewed.", new HttpPage(again.StatusCode, await again.Content.ReadAsStringAsync()).Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, gone.StatusCode);
        Assert.Contains("There is no such event: nothing was marked.", new HttpPage(gone.StatusCode, await gone.Content.ReadAsStringAsync()).Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("nothing was marked", new HttpPage(stale.StatusCode, await stale.Content.ReadAsStringAsync()).Text, StringComparison.Ordinal);
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal(1, await db.Audit.CountAsync(a => a.EventId == id));
    }

    [Fact]
    public async Task Notes_that_changed_since_the_page_was_shown_are_not_marked()
    {
        var id = await IdOfAsync("2025-02-11-paris-side-event");
        var page = await HttpPage.GetAsync(_organiser, "/organiser/events?show=review");
        var shown = ButtonValue(page, id);
        Assert.NotEmpty(shown);

        // A new import reads the page differently: new notes nobody has read.
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            var ev = await db.Events.SingleAsync(e => e.Id == id);
            ev.ApplyDetails(EventDetailsOf(ev) with { ReviewNotes = ["Times 18:00–21:00 read from the page text."] }, _app.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        using var response = await PostAsync("/organiser/events?show=review", page, "review", ("event", shown));
        var after = new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("That event's notes changed since the page was shown", after.Text, StringComparison.Ordinal);
        Assert.Equal(2, await CountNeedingReviewAsync());
    }

    [Fact]
    public async Task A_link_that_says_an_event_was_reviewed_is_not_believed_unless_it_was()
    {
        var page = await HttpPage.GetAsync(_organiser, "/organiser/events?reviewed=2022-05-04-evidence-session");
        var all = await HttpPage.GetAsync(_organiser, "/organiser/events?show=review&reviewed=all");

        Assert.DoesNotContain("marked reviewed.", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("marked reviewed.", all.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_all_asks_with_the_number_and_marks_nothing_if_the_list_changed_meanwhile()
    {
        var confirm = await HttpPage.GetAsync(_organiser, "/organiser/events?show=review&confirm=all");
        Assert.Contains("Mark 2 events reviewed?", confirm.Text, StringComparison.Ordinal);
        Assert.Contains("No, go back", confirm.Text, StringComparison.Ordinal);
        var shown = IdsIn(confirm);

        // Another import adds an event needing review, and another organiser marks one of the two: still two
        // events, but not the two this organiser was asked about.
        await TestEvents.AddAsync(_app.DbFactory, "2024-09-09-late-arrival", null, new DateTime(2024, 9, 9, 10, 0, 0), d => d with { ReviewNotes = ["Times 10:00–11:00 read from the page text."] });
        var other = await HttpPage.GetAsync(_organiser, "/organiser/events?show=review");
        using (var marked = await PostAsync("/organiser/events?show=review", other, "review", ("event", ButtonValue(other, await IdOfAsync("2025-02-11-paris-side-event")))))
        {
            Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        }

        using (var stale = await PostAsync("/organiser/events?show=review&confirm=all", confirm, "review-all", ("ids", shown)))
        {
            var text = new HttpPage(stale.StatusCode, await stale.Content.ReadAsStringAsync()).Text;
            Assert.Contains("The list changed while you were looking, so nothing was marked", text, StringComparison.Ordinal);
            Assert.Equal(2, await CountNeedingReviewAsync());
        }

        var again = await HttpPage.GetAsync(_organiser, "/organiser/events?show=review&confirm=all");
        Assert.Contains("Mark 2 events reviewed?", again.Text, StringComparison.Ordinal);
        using var done = await PostAsync("/organiser/events?show=review&confirm=all", again, "review-all", ("ids", IdsIn(again)));
        var after = new HttpPage(done.StatusCode, await done.Content.ReadAsStringAsync());

        Assert.Contains("Marked reviewed: no event needs review now.", after.Text, StringComparison.Ordinal);
        Assert.Equal(0, await CountNeedingReviewAsync());
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        var batch = await db.Audit.SingleAsync(a => a.Action == "mark reviewed" && a.EventId == null);
        Assert.Equal("2 events at once: 2022-05-04-evidence-session, 2024-09-09-late-arrival", batch.Details);

        // The same confirmation posted again (a second tab, a double click) marks nothing twice.
        using var twice = await PostAsync("/organiser/events?show=review&confirm=all", again, "review-all", ("ids", IdsIn(again)));
        Assert.Contains("nothing was marked", new HttpPage(twice.StatusCode, await twice.Content.ReadAsStringAsync()).Text, StringComparison.Ordinal);
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == "mark reviewed" && a.EventId == null));
    }

    [Fact]
    public async Task Marking_all_under_a_search_marks_only_the_events_it_finds()
    {
        var confirm = await HttpPage.GetAsync(_organiser, "/organiser/events?show=review&q=paris&confirm=all");
        Assert.Contains("Mark 1 event reviewed?", confirm.Text, StringComparison.Ordinal);

        using var done = await PostAsync("/organiser/events?show=review&q=paris&confirm=all", confirm, "review-all", ("ids", IdsIn(confirm)));

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("no event matching “paris” needs review now", new HttpPage(done.StatusCode, await done.Content.ReadAsStringAsync()).Text, StringComparison.Ordinal);
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal(["2022-05-04-evidence-session"], await db.Events.Where(e => e.NeedsReview).Select(e => e.Slug).ToListAsync());
    }

    [Fact]
    public async Task Searching_ignores_invisible_characters_and_reads_curly_apostrophes_as_straight()
    {
        await TestEvents.AddAsync(_app.DbFactory, "2024-03-01-citizens-assembly", null, new DateTime(2024, 3, 1, 10, 0, 0), d => d with { Title = "Global Citizens’ Assembly" });

        var straight = await HttpPage.GetAsync(_organiser, "/organiser/events?q=citizens'");
        var invisible = await HttpPage.GetAsync(_organiser, "/organiser/events?q=%E2%80%AE%00");
        var reviewedClaim = await HttpPage.GetAsync(_organiser, "/organiser/events?q=zzzz&reviewed=all");

        Assert.Contains("1 event matches “citizens'”", straight.Text, StringComparison.Ordinal);
        Assert.Contains("4 events.", invisible.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("match", invisible.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", invisible.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Marked reviewed", reviewedClaim.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/organiser/events?show=nonsense", "There is no list called \"nonsense\": showing all events.")]
    [InlineData("/organiser/events?page=abc", "3 events.")]
    [InlineData("/organiser/events?page=99999999999999999999", "3 events.")]
    [InlineData("/organiser/events?q=%3Cscript%3E", "No events match “<script>”.")]
    public async Task Odd_addresses_get_the_list_with_a_plain_message(string url, string expected)
    {
        var page = await HttpPage.GetAsync(_organiser, url);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(expected, page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strangers_are_sent_to_sign_in_and_cannot_mark_anything()
    {
        var id = await IdOfAsync("2025-02-11-paris-side-event");
        var stranger = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await HttpPage.GetAsync(_organiser, "/organiser/events?show=review");

        using var response = await stranger.PostAsync(new Uri("/organiser/events?show=review", UriKind.Relative), Form(page, "review", ("event", ButtonValue(page, id))));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/organiser/sign-in", response.Headers.Location?.AbsolutePath);
        Assert.Equal(2, await CountNeedingReviewAsync());
    }

    /// <summary>What the event's Mark reviewed button posts: its id and a stamp of the notes the page showed.</summary>
    private static string ButtonValue(HttpPage page, int id) =>
        System.Text.RegularExpressions.Regex.Match(page.Html, $"name=\"event\" value=\"({id}:[0-9A-F]+)\"").Groups[1].Value;

    private static string IdsIn(HttpPage page) =>
        System.Text.RegularExpressions.Regex.Match(page.Html, "name=\"ids\" value=\"([^\"]*)\"").Groups[1].Value;

    private async Task<HttpResponseMessage> PostAsync(string url, HttpPage page, string handler, params (string Name, string Value)[] fields) =>
        await _organiser.PostAsync(new Uri(url, UriKind.Relative), Form(page, handler, fields));

    private static FormUrlEncodedContent Form(HttpPage page, string handler, params (string Name, string Value)[] fields) =>
        new(new Dictionary<string, string>(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)))
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = page.AntiforgeryToken,
        });

    private static EventDetails EventDetailsOf(Event ev) => new()
    {
        Title = ev.Title,
        Schedule = ev.Schedule,
        Location = ev.Location,
        Description = ev.Description,
        Excerpt = ev.Excerpt,
        Capacity = ev.Capacity,
        ReviewNotes = ev.ReviewNotes,
    };

    private async Task<int> IdOfAsync(string slug)
    {
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        return await db.Events.Where(e => e.Slug == slug).Select(e => e.Id).SingleAsync();
    }

    private async Task<int> CountNeedingReviewAsync()
    {
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        return await db.Events.CountAsync(e => e.NeedsReview);
    }
}
