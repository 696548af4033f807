using Registration.Tests.Support;

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

    private async Task<(int ExitCode, string[] Lines)> RunAsync(params string[] paths)
    {
        var (exitCode, output) = await AppProcess.RunAsync(_folder.Path, standardInput: null, ["import", .. paths]);
        return (exitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
