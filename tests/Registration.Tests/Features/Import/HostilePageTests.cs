using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Import;

namespace Registration.Tests.Features.Import;

/// <summary>
/// Pages that once stopped the import or read wrongly: front matter nested without end, dates at the ends of
/// the calendar, keys repeated tens of thousands of times, a time line with an aside, a file not in UTF-8.
/// Each bad page is skipped with its reason and the pages after it are imported.
/// </summary>
public sealed class HostilePageTests() : DatabaseTests("2030-01-01T12:00:00Z")
{
    private readonly TempDirectory _pages = new();

    public static TheoryData<string> DeepFrontMatter => new()
    {
        "x: " + new string('[', 20_000) + new string(']', 20_000),
        "x: " + string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "b" + new string('}', 20_000),
        string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', i) + "a:\n")) + new string(' ', 100) + "b",
    };

    public static TheoryData<string> DatesOutOfRange => new()
    {
        "date: 9999-12-31",
        "date: 0001-01-01",
        "dates: 2030-01-01, 9999-12-31",
        "starts: 9999-12-31T23:30",
        "starts: 0001-01-01T00:00",
        "starts: 2030-01-01T10:00\nends: 9999-12-31T23:59",
        "date: 2030-01-01\nregistration_closes: 0001-01-01",
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _pages.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(DeepFrontMatter))]
    public async Task Front_matter_nested_too_deep_skips_the_page_and_the_next_is_imported(string frontMatter)
    {
        _pages.File("pages/2030-03-01-deep.md", $"---\ntitle: Deep\ndate: 2030-03-01\n{frontMatter}\n---\nBody.\n");
        _pages.File("pages/2030-03-02-after.md", "---\ntitle: After\ndate: 2030-03-02\n---\nBody.\n");

        var report = await Importer().ImportAsync([Path.Combine(_pages.Path, "pages")]);

        Assert.Equal(ImportOutcome.Skipped, report.Files[0].Outcome);
        Assert.Equal("front matter is nested more than 64 levels deep", report.Files[0].Detail);
        Assert.Equal(ImportOutcome.Created, report.Files[1].Outcome);
    }

    [Fact]
    public async Task Front_matter_nested_within_the_limit_is_read()
    {
        var nested = "x: " + new string('[', 60) + "a" + new string(']', 60);

        var report = await Importer().ImportAsync([_pages.File("2030-03-01-nested.md", $"---\ntitle: Nested\ndate: 2030-03-01\n{nested}\n---\nBody.\n")]);

        Assert.Equal(ImportOutcome.Created, Assert.Single(report.Files).Outcome);
    }

    [Theory]
    [MemberData(nameof(DatesOutOfRange))]
    public async Task A_date_outside_sane_years_skips_the_page_and_the_folder_goes_on(string dateLines)
    {
        _pages.File("pages/a-first.md", "---\ntitle: First\ndate: 2030-03-01\n---\nBody.\n");
        _pages.File("pages/b-bad.md", $"---\ntitle: Bad\n{dateLines}\n---\nBody.\n");
        _pages.File("pages/c-third.md", "---\ntitle: Third\ndate: 2030-03-03\n---\nBody.\n");

        var report = await Importer().ImportAsync([Path.Combine(_pages.Path, "pages")]);

        Assert.Equal([ImportOutcome.Created, ImportOutcome.Skipped, ImportOutcome.Created], report.Files.Select(f => f.Outcome));
        Assert.Contains("is outside the years 1900 to 2199", report.Files[1].Detail, StringComparison.Ordinal);
        await using var db = Database.Open();
        Assert.Equal(["a-first", "c-third"], await db.Events.OrderBy(e => e.Slug).Select(e => e.Slug).ToListAsync());
    }

    [Fact]
    public async Task A_page_dated_only_by_starts_and_without_a_place_is_imported()
    {
        var report = await Importer().ImportAsync([_pages.File("talk.md", "---\ntitle: Talk\nstarts: 2030-03-01T10:00\n---\nBody.\n")]);

        Assert.Equal(ImportOutcome.Created, Assert.Single(report.Files).Outcome);
        Assert.Equal(new DateTime(2030, 3, 1, 10, 0, 0, DateTimeKind.Utc), (await LoadAsync("talk")).Schedule.StartsAtUtc);
    }

    [Fact]
    public void A_list_key_repeated_sixty_thousand_times_is_read_in_linear_time()
    {
        var text = "---\ntitle: Many\ntopics: [a]\n" + string.Concat(Enumerable.Repeat("topics: b\n", 60_000)) + "---\n";
        var watch = Stopwatch.StartNew();

        var page = FrontMatter.TryParse(text, out var error);

        watch.Stop();
        Assert.Null(error);
        var topics = page!.GetList("topics");
        Assert.Equal(60_001, topics.Count);
        Assert.Equal("a", topics[0]);

        // Copying the list on every repeat took 38 s; appending takes well under one on a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Repeated_keys_keep_their_meaning_a_later_scalar_wins_and_lists_join()
    {
        var page = FrontMatter.TryParse("---\ntitle: One\ntitle: Two\ntopics: a\ntopics: [b, c]\ntopics: d\ntopics: ''\n---\n", out _)!;

        Assert.Equal("Two", page.GetString("title"));
        Assert.Equal(["a", "b", "c", "d"], page.GetList("topics"));
    }

    [Theory]
    [InlineData("**Time:** 10:30 (for start at 11:00) - 16:30", 11, 0, 16, 30)]
    [InlineData("**When:** 2pm - 5pm (starts 2.30pm)", 14, 30, 17, 0)]
    [InlineData("**When:** 10:00 - 13:00 (12:30 start)", 12, 30, 13, 0)]
    [InlineData("**When:** 10:00 - 13:00 (lunch from 12:30)", 10, 0, 13, 0)]
    [InlineData("**When:** 10:00 - 13:00 (for start at 14:00)", 10, 0, 13, 0)]
    public async Task A_time_line_is_read_without_its_aside_and_an_aside_that_gives_the_start_moves_it(string line, int startHour, int startMinute, int endHour, int endMinute)
    {
        var report = await Importer().ImportAsync([_pages.File("2030-04-03-page.md", $"---\ntitle: Workshop\ndate: 2030-04-03\n---\n{line}\n")]);

        Assert.Equal(ImportOutcome.Created, Assert.Single(report.Files).Outcome);
        var ev = await LoadAsync("2030-04-03-page");
        Assert.Equal(new TimeOnly(startHour, startMinute), TimeOnly.FromDateTime(ev.Schedule.LocalStart));
        Assert.Equal(new TimeOnly(endHour, endMinute), TimeOnly.FromDateTime(ev.Schedule.LocalEnd));

        // The aside says more than the fields (when to arrive, lunch): the line stays in view.
        Assert.Empty(ev.LinesReadIntoFields);
    }

    [Fact]
    public async Task A_latin1_file_is_read_as_latin1_with_a_review_note()
    {
        var path = Path.Combine(_pages.Path, "2030-05-01-cafe.md");
        await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes("---\ntitle: Café débat\ndate: 2030-05-01\n---\nÀ bientôt.\n"));

        var report = await Importer().ImportAsync([path]);

        Assert.Equal(ImportOutcome.Created, Assert.Single(report.Files).Outcome);
        var ev = await LoadAsync("2030-05-01-cafe");
        Assert.Equal("Café débat", ev.Title);
        Assert.Equal("À bientôt.", ev.Description);
        Assert.Contains("The file is not UTF-8: read as Latin-1; check accented letters.", ev.ReviewNotes);
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-8")]
    public async Task A_unicode_file_is_read_as_it_says_without_a_note(string encodingName)
    {
        var encoding = encodingName switch
        {
            "utf-8-bom" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
            _ => (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        var path = Path.Combine(_pages.Path, "2030-05-01-cafe.md");
        await File.WriteAllBytesAsync(path, [.. encoding.GetPreamble(), .. encoding.GetBytes("---\ntitle: Café “débat”\ndate: 2030-05-01\n---\nÀ bientôt.\n")]);

        var report = await Importer().ImportAsync([path]);

        Assert.Equal(ImportOutcome.Created, Assert.Single(report.Files).Outcome);
        var ev = await LoadAsync("2030-05-01-cafe");
        Assert.Equal("Café “débat”", ev.Title);
        Assert.DoesNotContain(PageFile.NotUtf8Note, ev.ReviewNotes);
    }

    private EventImporter Importer() => new(Database.Factory, new EventNotices(Database.Factory, Links, Clock), Clock, Database.Options);

    private async Task<Event> LoadAsync(string slug)
    {
        await using var db = Database.Open();
        return await db.Events.SingleAsync(e => e.Slug == slug);
    }
}
