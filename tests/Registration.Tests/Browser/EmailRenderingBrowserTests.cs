using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Registration.Tests.Features.Email;
using Registration.Tests.Support;

namespace Registration.Tests.Browser;

/// <summary>
/// Every kind of email, its HTML part exactly as the composer wrote it, opened in Chromium at a phone's
/// width (390 px) and a desktop mail window's (800 px), in light and dark: nothing is wider than the window,
/// and the text part names every link the HTML has. Set REGISTRATION_SCREENSHOTS to a folder (relative to the
/// repository, e.g. docs/images) to write the confirmation and the change notice there as
/// email-confirmation-390.png and so on. The check-in code is a cid: image, which a page cannot load; its box stays.
/// </summary>
public sealed partial class EmailRenderingBrowserTests(EmailRenderingBrowserTests.Chromium chromium) : IClassFixture<EmailRenderingBrowserTests.Chromium>
{
    public static TheoryData<int, string> Widths => new() { { 390, "light" }, { 800, "light" }, { 390, "dark" }, { 800, "dark" } };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Every_email_fits_the_window_and_its_text_part_names_the_same_links(int width, string scheme)
    {
        var samples = EmailSamples.All(chromium.App.Services);
        Assert.Equal(23, samples.Count);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            ColorScheme = scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            JavaScriptEnabled = true,
        });
        var page = await context.NewPageAsync();
        foreach (var sample in samples)
        {
            await page.SetContentAsync(sample.Html);
            var overflow = await page.EvaluateAsync<string[]>(
                """
                () => {
                  const width = document.documentElement.clientWidth;
                  const wide = document.documentElement.scrollWidth > width ? ['document ' + document.documentElement.scrollWidth + ' > ' + width] : [];
                  for (const e of document.body.querySelectorAll('*')) {
                    const box = e.getBoundingClientRect();
                    if (box.width > 0 && box.right > width + 0.5) wide.push(e.tagName + ' ' + (e.className || '') + ' right ' + Math.round(box.right));
                  }
                  return wide;
                }
                """);
            Assert.True(overflow.Length == 0, $"{sample.Name} at {width} px: {string.Join("; ", overflow)}");

            var links = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))");
            Assert.NotEmpty(links);
            foreach (var link in links.Where(l => !l.StartsWith('#')))
            {
                Assert.True(sample.Text.Contains(link.Replace("mailto:", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal), $"{sample.Name}: the text part does not name {link}");
            }

            // The button's words are readable on the band's colour, in light and dark alike.
            var button = page.Locator("a.email-button");
            if (await button.CountAsync() > 0)
            {
                var colours = await button.EvaluateAsync<string[]>("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]");
                Assert.True(Contrast(colours[0], colours[1]) >= 4.5, $"{sample.Name}: button {colours[0]} on {colours[1]}");
            }

            var text = await page.EvaluateAsync<string[]>("() => { const c = document.querySelector('.email-content'); return [getComputedStyle(c).color, getComputedStyle(c).backgroundColor]; }");
            Assert.True(Contrast(text[0], text[1]) >= 7, $"{sample.Name} ({scheme}): text {text[0]} on {text[1]}");
            var footer = await page.EvaluateAsync<string[]>("() => { const c = document.querySelector('.email-footer'); return [getComputedStyle(c).color, getComputedStyle(c).backgroundColor]; }");
            Assert.True(Contrast(footer[0], footer[1]) >= 4.5, $"{sample.Name} ({scheme}): footer {footer[0]} on {footer[1]}");

            if (sample.Name is "RegistrationConfirmed" or "EventChanged" && Environment.GetEnvironmentVariable("REGISTRATION_SCREENSHOTS") is { Length: > 0 } folder)
            {
                var name = sample.Name == "RegistrationConfirmed" ? "email-confirmation" : "email-change-notice";
                var suffix = scheme == "dark" ? "-dark" : string.Empty;
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Root, folder, $"{name}-{width}{suffix}.png"), FullPage = true });
            }
        }
    }

    private static double Contrast(string first, string second)
    {
        static double Luminance(string css)
        {
            var parts = Channels().Matches(css).Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture) / 255).Take(3).ToArray();
            var linear = parts.Select(v => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4)).ToArray();
            return (0.2126 * linear[0]) + (0.7152 * linear[1]) + (0.0722 * linear[2]);
        }

        var (a, b) = (Luminance(first), Luminance(second));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex Channels();

    /// <summary>The app's services (for the composer) and Debian's Chromium, once for the class; no server is needed to open an email.</summary>
    public sealed class Chromium : IAsyncLifetime
    {
        private IPlaywright? _playwright;

        public RegistrationAppFactory App { get; } = new(seedSampleData: false);

        public IBrowser Browser { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Assert.True(File.Exists(BrowserFixture.ChromiumPath), $"Chromium is missing at {BrowserFixture.ChromiumPath}: run ./test.sh, which installs it.");
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = BrowserFixture.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            });
        }

        public async Task DisposeAsync()
        {
            if (Browser is not null)
            {
                await Browser.CloseAsync();
            }

            _playwright?.Dispose();
            App.Dispose();
        }
    }
}
