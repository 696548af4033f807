using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Features.Import;

namespace Registration.Tests.Features.Import;

/// <summary>The import command as a user runs it: its own process, its printed lines and its exit code.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Prints_a_line_per_file_then_a_summary_and_exits_1_only_for_an_unreadable_path()
    {
        _folder.File("pages/2030-06-06-festival.md", ImportFixtures.DateRange);
        _folder.File("pages/broken.md", "no front matter");

        var first = await RunAsync("pages");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains(first.Lines, l => l.StartsWith("created", StringComparison.Ordinal) && l.Contains("2030-06-06-festival", StringComparison.Ordinal));
        Assert.Contains(first.Lines, l => l.StartsWith("skipped", StringComparison.Ordinal) && l.Contains("no front matter", StringComparison.Ordinal));
        Assert.Equal("2 files: 1 created, 0 updated, 0 unchanged, 1 skipped", first.Lines[^2]);

        // A festival over several days has no time to read: the import says so on the event and counts it here.
        Assert.StartsWith("1 event needs review: the import left notes on it", first.Lines[^1], StringComparison.Ordinal);
        Assert.Contains("/organiser/events?show=review", first.Lines[^1], StringComparison.Ordinal);

        var second = await RunAsync("pages", "missing-folder");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains(second.Lines, l => l.StartsWith("unchanged", StringComparison.Ordinal));
        Assert.Contains(second.Lines, l => l.Contains("cannot read missing-folder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_page_in_the_middle_is_skipped_and_the_pages_after_it_are_imported_and_summed_up()
    {
        _folder.File("pages/a-first.md", "---\ntitle: First\ndate: 2030-03-01\n---\nBody.\n");
        _folder.File("pages/b-bad.md", "---\ntitle: Bad\ndate: 9999-12-31\n---\nBody.\n");
        _folder.File("pages/c-third.md", "---\ntitle: Third\ndate: 2030-03-03\n---\nBody.\n");

        var run = await RunAsync("pages");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Lines, l => l.StartsWith("created", StringComparison.Ordinal) && l.Contains("a-first", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("skipped", StringComparison.Ordinal) && l.Contains("date: \"9999-12-31\" is outside the years 1900 to 2199", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("created", StringComparison.Ordinal) && l.Contains("c-third", StringComparison.Ordinal));
        Assert.Contains("3 files: 2 created, 0 updated, 0 unchanged, 1 skipped", run.Lines);
    }

    [Fact]
    public async Task The_site_url_comes_from_the_setting_or_the_option_and_must_be_a_web_address()
    {
        _folder.File("pages/2030-03-01-workshop.md", JekyllFixtures.Workshop);

        var bad = await RunAsync("--site-url", "old.example.org", "pages");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains(bad.Lines, l => l.Contains("site URL \"old.example.org\" is not a web address", StringComparison.Ordinal));

        // The child process inherits the setting; only the import command reads it, and this class runs one test at a time.
        Environment.SetEnvironmentVariable("Import__SiteUrl", "https://old.example.org");
        try
        {
            Assert.StartsWith("created", (await RunAsync("pages")).Lines[0], StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Import__SiteUrl", null);
        }

        Assert.StartsWith("unchanged", (await RunAsync("--site-url", "https://old.example.org/", "pages")).Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("updated", (await RunAsync("pages", "--site-url", "https://new.example.org")).Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_edited_here_is_kept_and_counted_until_replace_edited_applies_the_page()
    {
        _folder.File("pages/2030-03-01-workshop.md", JekyllFixtures.Workshop);
        Assert.Equal(0, (await RunAsync("pages")).ExitCode);
        var options = new DbContextOptionsBuilder<RegistrationDbContext>().UseSqlite($"Data Source={Path.Combine(_folder.Path, "data", "registration.db")};Pooling=False").Options;
        await using (var db = new RegistrationDbContext(options))
        {
            // What the editor's save does.
            var ev = await db.Events.SingleAsync();
            var page = EventPageReader.Read(FrontMatter.TryParse(JekyllFixtures.Workshop, out _)!, "2030-03-01-workshop.md", "Europe/London");
            Assert.True(ev.EditHere(page.Details with { Description = "Rewritten here." }, new DateTime(2026, 12, 1, 14, 5, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
        }

        var kept = await RunAsync("pages");
        Assert.Equal(0, kept.ExitCode);
        Assert.Contains($"kept      2030-03-01-workshop: changed here on 1 Dec 2026 14:05 UK time; the page was not applied (import --replace-edited to apply it)  ({Path.Combine("pages", "2030-03-01-workshop.md")})", kept.Lines);
        Assert.Contains("1 files: 0 created, 0 updated, 0 unchanged, 0 skipped; 1 kept because it was edited here", kept.Lines);

        var replaced = await RunAsync("--replace-edited", "pages");
        Assert.Equal(0, replaced.ExitCode);
        Assert.StartsWith("updated   2030-03-01-workshop: replaced the changes made here on 1 Dec 2026 14:05 UK time", replaced.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("unchanged", (await RunAsync("pages")).Lines[0], StringComparison.Ordinal);

        var usage = await RunAsync("--replace-edited");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("[--replace-edited]", usage.Lines[0], StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string[] Lines)> RunAsync(params string[] paths)
    {
        var (exitCode, output) = await AppProcess.RunAsync(_folder.Path, standardInput: null, ["import", .. paths]);
        return (exitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
