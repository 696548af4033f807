using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Tests.Browser;

/// <summary>
/// Registering through the form in Chromium, on a phone (390×844) and a desktop (1280×800): the event page
/// with its map and calendar links, the page after registering for a place and for the waiting list — each
/// axe clean and no wider than the screen. Set REGISTRATION_SCREENSHOTS to a folder (relative to the
/// repository, e.g. docs/images) to write the event page and the pages after registering there as PAGE-SIZE.png.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignUpResultBrowserTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 800)]
    public async Task The_event_page_and_the_page_after_registering_fit_the_screen_and_pass_axe(string size, int width, int height)
    {
        var slug = $"people-panel-{size}";
        var startLocal = DateTime.UtcNow.Date.AddDays(30).AddHours(14);
        await TestEvents.AddAsync(fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>(), slug, capacity: 1, startLocal, d => d with
        {
            Title = "Data and democracy: a people's panel on AI in public services",
            Location = EventLocation.InPerson("Friends Meeting House, 6 Mount Street, Manchester M2 5NS"),
            Description = "An afternoon with the panel's members on what they asked of government, and what came of it.",
            WaitlistOfferHours = 24,
        });
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        await page.GotoAsync($"events/{slug}");
        await Assertions.Expect(page.Locator("[data-map-link]")).ToHaveAttributeAsync("aria-label", "Map of Friends Meeting House, 6 Mount Street, Manchester M2 5NS on OpenStreetMap, opens in a new tab");
        await Assertions.Expect(page.Locator("[data-add-to-calendar] a")).ToHaveCountAsync(4);
        await CheckAsync(page, "event-links", size, problems);

        await RegisterAsync(page, slug, "Ada Lovelace", $"ada-{size}@example.org");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You have a place");
        await Assertions.Expect(page.Locator("[data-add-to-calendar] a")).ToHaveCountAsync(4);
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^You have a place · Data and democracy"));
        await CheckAsync(page, "registered-place", size, problems);

        await RegisterAsync(page, slug, "Grace Hopper", $"grace-{size}@example.org");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You are on the waiting list, number 1");
        await Assertions.Expect(page.Locator("[data-add-to-calendar]")).ToHaveCountAsync(0);
        await CheckAsync(page, "registered-waiting-list", size, problems);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static async Task RegisterAsync(IPage page, string slug, string name, string email)
    {
        await page.GotoAsync($"events/{slug}/register");
        await page.GetByLabel("Full name").FillAsync(name);
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("I agree").CheckAsync();
        await page.Locator("form.sign-up-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-registration-status]")).ToBeVisibleAsync();
    }

    private static async Task CheckAsync(IPage page, string name, string size, List<string> problems)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (widths[0] > widths[1])
        {
            problems.Add($"{name} ({size}): the page is {widths[0]} px wide on a {widths[1]} px screen");
        }

        // Anything reaching past the screen's edges, except the skip link waiting off screen.
        var outside = await page.EvaluateAsync<string[]>("""
            () => {
                const width = document.documentElement.clientWidth;
                return [...document.body.querySelectorAll('*')]
                    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 1 && (r.right > width + 0.5 || r.left < -0.5); })
                    .filter(el => !el.matches('.skip-link'))
                    .slice(0, 5)
                    .map(el => `${el.tagName.toLowerCase()}.${el.className}`);
            }
            """);
        if (outside.Length > 0)
        {
            problems.Add($"{name} ({size}): past the screen's edge: {string.Join(", ", outside)}");
        }

        problems.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{name} ({size}): {v}"));
        if (Environment.GetEnvironmentVariable("REGISTRATION_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Root, folder, $"{name}-{size}.png"), FullPage = true });
        }
    }
}
