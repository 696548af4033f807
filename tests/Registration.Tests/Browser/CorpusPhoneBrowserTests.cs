using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Features.Import;

namespace Registration.Tests.Browser;

/// <summary>
/// Every page of the organisation's real archive, imported and opened in Chromium on a phone's screen:
/// embedded videos, tables and long addresses must not widen the page. An app of its own, so the 198
/// imported events do not change what the other browser tests see.
/// </summary>
[Collection(CorpusBrowserCollection.Name)]
public sealed class CorpusPhoneBrowserTests(BrowserFixture fixture)
{
    [CorpusFact]
    public async Task Every_imported_event_page_fits_a_390_pixel_screen()
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
        foreach (var slug in slugs)
        {
            await page.GotoAsync($"/events/{slug}", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            if (widths[0] > widths[1])
            {
                tooWide.Add($"{slug}: {widths[0]} px");
            }
        }

        Assert.True(slugs.Count >= 198, $"{slugs.Count} pages");
        Assert.True(tooWide.Count == 0, "Wider than the screen: " + string.Join(", ", tooWide));
    }
}

[CollectionDefinition(Name)]
public sealed class CorpusBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "corpus browser";
}
