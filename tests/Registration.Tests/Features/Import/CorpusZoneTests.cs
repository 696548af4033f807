using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Registration.Tests.Support;
using Registration.Web.Features.Calendar;
using Registration.Web.Features.Email;
using Registration.Web.Features.Events;
using Registration.Web.Features.Import;
using Registration.Web.Infrastructure;
using Xunit.Abstractions;

namespace Registration.Tests.Features.Import;

/// <summary>The organisation's real archive, read from ../shared/corpus when it is there, after every event in it is over.</summary>
public sealed class CorpusZoneTests(ITestOutputHelper output) : DatabaseTests("2026-12-01T12:00:00Z")
{
    private static string Corpus => CorpusFactAttribute.Folder!;

    [CorpusFact]
    public async Task The_Paris_side_event_starts_at_08_00_UTC_in_Paris_time_and_reimporting_changes_nothing()
    {
        var first = await Importer().ImportAsync([Corpus]);
        var again = await Importer().ImportAsync([Corpus]);

        Assert.Equal(0, first.Count(ImportOutcome.Skipped));
        Assert.Equal(0, again.Count(ImportOutcome.Created) + again.Count(ImportOutcome.Updated));
        await using var db = Database.Open();
        var paris = await db.Events.SingleAsync(e => e.Slug == "2025-02-11-global-ai-governance");
        Assert.Equal("Europe/Paris", paris.Schedule.TimeZoneId);
        Assert.Equal("Tuesday 11 February 2025, 09:00–12:00 Paris time", EventDisplay.When(paris.Schedule, Clock.GetUtcNow().UtcDateTime));
        var ics = new IcsWriter("PUBLISH").AddEvent(paris, new Uri("https://events.example.org/events/" + paris.Slug), Clock.GetUtcNow().UtcDateTime).ToString();
        Assert.Contains("\r\nDTSTART:20250211T080000Z\r\n", ics, StringComparison.Ordinal);
    }

    [CorpusFact]
    public async Task Past_events_without_a_time_or_place_show_the_date_alone()
    {
        await Importer().ImportAsync([Corpus]);

        await using var db = Database.Open();
        var now = Clock.GetUtcNow().UtcDateTime;
        var events = await db.Events.ToListAsync();
        Assert.All(events, ev =>
        {
            Assert.DoesNotContain("to be confirmed", EventDisplay.When(ev.Schedule, now), StringComparison.Ordinal);
            Assert.DoesNotContain("to be confirmed", EventDisplay.Where(ev.Location, ev.Schedule, now) ?? string.Empty, StringComparison.Ordinal);
        });
        var talk = events.Single(e => e.Slug == "2022-03-08-bennett-institute-brown-bag-lunch");
        Assert.Equal("Tuesday 8 March 2022", EventDisplay.When(talk.Schedule, now));
    }

    /// <summary>The archive's "**When:**" and "**Where:**" lines that gave a time or place (four pages have them), not shown twice.</summary>
    [CorpusFact]
    public async Task No_event_page_repeats_a_line_read_into_its_time_or_place()
    {
        await Importer().ImportAsync([Corpus]);

        await using var db = Database.Open();
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var renderer = new MarkdownRenderer(cache, Options.Create(new RegistrationOptions()));
        var events = await db.Events.ToListAsync();
        var withHiddenLines = events.Where(e => e.LinesReadIntoFields.Count > 0).ToList();
        foreach (var ev in withHiddenLines)
        {
            var shown = Words(renderer.ToHtml(ev.ShownDescription()));
            var stored = Words(renderer.ToHtml(ev.Description));
            foreach (var line in ev.LinesReadIntoFields)
            {
                var words = MarkdownRenderer.ToPlainText(line);
                Assert.Contains(words, stored, StringComparison.Ordinal);
                Assert.DoesNotContain(words, shown, StringComparison.Ordinal);
                Assert.DoesNotContain(line, ev.Excerpt, StringComparison.Ordinal);
            }

            output.WriteLine($"{ev.Slug}: {string.Join(" | ", ev.LinesReadIntoFields)}");
        }

        output.WriteLine($"{withHiddenLines.Count} of {events.Count} events have lines hidden.");
        Assert.Equal(4, withHiddenLines.Count);
        Assert.Equal(7, withHiddenLines.Sum(e => e.LinesReadIntoFields.Count));
    }

    private static string Words(string html) => string.Join(' ', HtmlSanitiser.ToText(html).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private EventImporter Importer() => new(Database.Factory, new EventNotices(Database.Factory, Links, Clock), Clock, Database.Options);
}
