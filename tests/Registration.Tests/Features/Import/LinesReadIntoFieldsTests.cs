using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Calendar;
using Registration.Web.Features.Email;
using Registration.Web.Features.EventEditor;
using Registration.Web.Features.Events;
using Registration.Web.Features.Import;
using Registration.Web.Infrastructure;

namespace Registration.Tests.Features.Import;

/// <summary>
/// A "**When:** …" or "**Where:** …" line the importer read into the event's time or place is not shown
/// again in its description, which is stored as imported; a line it did not read stays in view.
/// </summary>
public sealed class LinesReadIntoFieldsTests() : DatabaseTests("2030-01-01T12:00:00Z")
{
    private readonly TempDirectory _pages = new();
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _pages.Dispose();
            _cache.Dispose();
        }
    }

    [Theory]
    [InlineData("**When:** Friday 8 March 2030, 10:00-17:00", "10:00", "Location to be confirmed")]
    [InlineData("**When**: Friday 8 March 2030, 10am to 5pm", "10:00", "Location to be confirmed")]
    [InlineData("- **Time:** 10:00 - 12:00", "10:00", "Location to be confirmed")]
    [InlineData("> **Where:** Friends Meeting House, Manchester", null, "Friends Meeting House, Manchester")]
    [InlineData("* **Where:** Online.", null, "Online")]
    [InlineData("Location: St Frideswide Church, Botley Road, Oxford", null, "St Frideswide Church, Botley Road, Oxford")]
    [InlineData("__Venue__: The Tate Liverpool", null, "The Tate Liverpool")]
    public async Task A_line_read_into_the_time_or_place_is_stored_but_not_shown(string line, string? start, string place)
    {
        await ImportAsync($"---\ntitle: Workshop\ndate: 2030-03-08\n---\nA workshop on data.\n\n{line}\n\nBring a laptop.\n");

        var ev = await LoadAsync();
        Assert.Equal(start is null, ev.Schedule.TimeToBeConfirmed);
        if (start is not null)
        {
            Assert.Equal(start, ev.Schedule.LocalStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(place, ev.Location.Describe());
        Assert.Equal($"A workshop on data.\n\n{line}\n\nBring a laptop.", ev.Description);
        Assert.Equal([line], ev.LinesReadIntoFields);
        Assert.Equal("A workshop on data.\n\nBring a laptop.", ev.ShownDescription());
        var html = Renderer().ToHtml(ev.ShownDescription());
        Assert.Equal("<p>A workshop on data.</p>\n<p>Bring a laptop.</p>\n", html);
    }

    [Theory]
    [InlineData("---\ntitle: Workshop\ndate: 2030-03-08\n---\nA workshop.\n\n**When:** to be announced\n", "**When:** to be announced")]
    [InlineData("---\ntitle: Workshop\ndate: 2030-03-08\nlocation: Leeds\n---\nA workshop.\n\n**Where:** Friends Meeting House, Manchester\n", "**Where:** Friends Meeting House, Manchester")]
    [InlineData("---\ntitle: Workshop\ndate: 2030-03-08\nstarts: 2030-03-08T09:00\nends: 2030-03-08T10:00\n---\nA workshop.\n\n**When:** Friday 8 March 2030, 10:00-17:00\n", "**When:** Friday 8 March 2030, 10:00-17:00")]
    [InlineData("---\ntitle: Workshop\ndates: 2030-03-08, 2030-03-09\n---\nA workshop.\n\n**When:** 8 and 9 March 2030, 10:00-17:00\n", "**When:** 8 and 9 March 2030, 10:00-17:00")]
    public async Task A_labelled_line_the_importer_did_not_use_stays_in_view(string page, string line)
    {
        await ImportAsync(page);

        var ev = await LoadAsync();
        Assert.Empty(ev.LinesReadIntoFields);
        Assert.Equal($"A workshop.\n\n{line}", ev.ShownDescription());
    }

    [Fact]
    public async Task A_time_line_with_an_aside_is_read_around_it_and_stays_in_view_because_it_says_more()
    {
        await ImportAsync("---\ntitle: WHO/HOW\ndate: 2030-04-03\n---\n**Location:** St Frideswide Church, Oxford\n\n**Time:** 10:30 (for start at 11:00) - 16:30\n");

        var ev = await LoadAsync();
        Assert.Equal(new TimeOnly(11, 0), TimeOnly.FromDateTime(ev.Schedule.LocalStart));
        Assert.Equal(new TimeOnly(16, 30), TimeOnly.FromDateTime(ev.Schedule.LocalEnd));
        Assert.Equal(["**Location:** St Frideswide Church, Oxford"], ev.LinesReadIntoFields);
        Assert.Equal("**Time:** 10:30 (for start at 11:00) - 16:30", ev.ShownDescription());
    }

    [Fact]
    public async Task A_venue_cut_to_length_leaves_its_line_in_view()
    {
        var venue = "The Great Hall, " + string.Join(", ", Enumerable.Repeat("Long Street", 50));
        await ImportAsync($"---\ntitle: Workshop\ndate: 2030-03-08\n---\n**Where:** {venue}\n");

        var ev = await LoadAsync();
        Assert.EndsWith("…", ev.Location.Venue, StringComparison.Ordinal);
        Assert.Empty(ev.LinesReadIntoFields);
    }

    [Fact]
    public async Task When_the_first_paragraph_is_the_time_and_place_the_card_and_calendar_use_the_next_one()
    {
        await ImportAsync("---\ntitle: Design lab\ndate: 2030-10-15\n---\n**When:** Tuesday 15 October 2030, 1:30 - 4:30pm.\n**Where:** Transport House, 1 Cathedral Rd, Cardiff.\n\nA lab on procurement.\n\nMore to follow.\n");

        var ev = await LoadAsync();
        Assert.Equal(2, ev.LinesReadIntoFields.Count);
        Assert.Equal("A lab on procurement.", ev.Excerpt);
        Assert.Equal("A lab on procurement.\n\nMore to follow.", ev.ShownDescription());
        var ics = new IcsWriter("PUBLISH").AddEvent(ev, new Uri("https://events.example.org/events/" + ev.Slug), Clock.GetUtcNow().UtcDateTime).ToString();
        Assert.Contains("DESCRIPTION:A lab on procurement.\\n\\nhttps://events.example.org/events/", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("When:", ics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_before_the_more_marker_are_left_out_of_the_excerpt_too()
    {
        await ImportAsync("---\ntitle: Conference\ndate: 2030-03-08\n---\nA one-day conference.\n\n**When:** Friday 8 March 2030, 10:00-17:00\n\n**Where:** Leeds\n\n<!--more-->\n\nDetails follow.\n");

        Assert.Equal("A one-day conference.", (await LoadAsync()).Excerpt);
    }

    [Fact]
    public async Task Importing_the_same_page_again_changes_nothing()
    {
        var page = "---\ntitle: Design lab\ndate: 2030-10-15\n---\nA lab.\n\n**When:** Tuesday 15 October 2030, 1:30 - 4:30pm.\n**Where:** Transport House, Cardiff.\n";
        var path = _pages.File("2030-10-15-design-lab.md", page);
        Assert.Equal(ImportOutcome.Created, Assert.Single((await Importer().ImportAsync([path])).Files).Outcome);

        var again = await Importer().ImportAsync([path]);

        Assert.Equal(ImportOutcome.Unchanged, Assert.Single(again.Files).Outcome);
        var ev = await LoadAsync();
        Assert.Equal(page[(page.IndexOf("A lab.", StringComparison.Ordinal))..].Trim(), ev.Description);
        Assert.Equal("A lab.", ev.ShownDescription());
    }

    [Fact]
    public async Task An_organisers_save_keeps_the_lines_hidden_and_a_line_they_rewrite_shows()
    {
        await ImportAsync("---\ntitle: Design lab\ndate: 2030-10-15\n---\n**When:** Tuesday 15 October 2030, 1:30 - 4:30pm.\n\nA lab.\n");
        var ev = await LoadAsync();
        var form = EventForm.From(ev);
        form.Capacity = 30;

        Assert.Equal(EditOutcome.Saved, (await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, "editor@example.org")).Outcome);

        var saved = await LoadAsync();
        Assert.Equal(30, saved.Capacity);
        Assert.Equal(ev.Description, saved.Description);
        Assert.Equal(ev.LinesReadIntoFields, saved.LinesReadIntoFields);
        Assert.Equal("A lab.", saved.ShownDescription());
        Assert.Equal("A lab.", saved.Excerpt);

        form = EventForm.From(saved);
        form.Description = form.Description!.Replace("1:30 - 4:30pm", "2 - 5pm", StringComparison.Ordinal);
        await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, "editor@example.org");

        var rewritten = await LoadAsync();
        Assert.Equal("**When:** Tuesday 15 October 2030, 2 - 5pm.\n\nA lab.", rewritten.ShownDescription());
        Assert.Equal("**When:** Tuesday 15 October 2030, 2 - 5pm.", rewritten.Excerpt);
    }

    private MarkdownRenderer Renderer() => new(_cache, Options.Create(new RegistrationOptions()));

    private EventImporter Importer() => new(Database.Factory, new EventNotices(Database.Factory, Links, Clock), Clock, Database.Options);

    private EventEditorService Editor() => new(Database.Factory, new EventNotices(Database.Factory, Links, Clock), Clock);

    private async Task ImportAsync(string page)
    {
        var path = _pages.File("2030-03-08-page.md", page);
        var report = await Importer().ImportAsync([path]);
        Assert.NotEqual(ImportOutcome.Skipped, Assert.Single(report.Files).Outcome);
    }

    private async Task<Event> LoadAsync()
    {
        await using var db = Database.Open();
        return await db.Events.SingleAsync();
    }
}
