using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Features.Import;

namespace Registration.Tests.Browser;

/// <summary>
/// Every page of the organisation's real archive, imported and opened in Chromium on a phone's screen, as
/// its readers see it: no markup or Liquid shown as text, no script in a description, frames only from the
/// allowed player, and nothing (embedded videos, tables, long addresses) wider than the screen. An app of
/// its own, so the 198 imported events do not change what the other browser tests see.
/// </summary>
[Collection(CorpusBrowserCollection.Name)]
public sealed partial class CorpusPhoneBrowserTests(BrowserFixture fixture)
{
    /// <summary>A tag as it would read if escaped: "&lt;" then a tag name, a closing slash or a comment.</summary>
    [GeneratedRegex(@"<(?:/?[A-Za-z][A-Za-z0-9-]*[\s/>]|!--)")]
    private static partial Regex EscapedTag();

    [CorpusFact]
    public async Task Every_imported_event_page_reads_as_written_and_fits_a_390_pixel_screen()
    {
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<EventImporter>().ImportAsync([CorpusFactAttribute.Folder!], new Uri("https://connectedbydata.org"));
            // The two sample events are pages of the archive too, so they are updated rather than created.
            Assert.Equal(198, report.Files.Count);
            Assert.Equal(0, report.Count(ImportOutcome.Skipped));
        }

        List<string> slugs;
        await using (var db = await fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>().CreateDbContextAsync())
        {
            slugs = await db.Events.Select(e => e.Slug).OrderBy(s => s).ToListAsync();
        }

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();

        // The test machine has no internet: frames and the old site's images fail fast instead of waiting.
        await page.RouteAsync(url => !url.StartsWith(fixture.BaseUri.ToString(), StringComparison.Ordinal), route => route.AbortAsync());
        var tooWide = new List<string>();
        var problems = new List<string>();
        var frames = 0;
        foreach (var slug in slugs)
        {
            var response = await page.GotoAsync($"/events/{slug}", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
            Assert.Equal(200, response!.Status);
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            if (widths[0] > widths[1])
            {
                tooWide.Add($"{slug}: {widths[0]} px");
            }

            // What the reader sees: the page's text as the browser lays it out.
            var text = await page.InnerTextAsync("main");
            if (EscapedTag().Match(text) is { Success: true } tag)
            {
                problems.Add($"{slug}: markup shown as text: {tag.Value}");
            }

            if (text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal))
            {
                problems.Add($"{slug}: Liquid shown as text");
            }

            if (await page.Locator(".event-description script").CountAsync() > 0)
            {
                problems.Add($"{slug}: a script in the description");
            }

            foreach (var source in await page.Locator("iframe").EvaluateAllAsync<string[]>("frames => frames.map(f => f.src)"))
            {
                frames++;
                if (!source.StartsWith("https://www.youtube-nocookie.com/embed/", StringComparison.Ordinal))
                {
                    problems.Add($"{slug}: a frame from {source}");
                }
            }
        }

        Assert.True(slugs.Count >= 198, $"{slugs.Count} pages");
        Assert.True(tooWide.Count == 0, "Wider than the screen: " + string.Join(", ", tooWide));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(frames > 0, "No page kept its YouTube embed.");
    }
}

[CollectionDefinition(Name)]
public sealed class CorpusBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "corpus browser";
}
