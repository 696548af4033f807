using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Tests.Browser;

/// <summary>
/// <c>/my-data</c> in Chromium on a phone and on a laptop: asking for the link, the page it opens, the
/// confirmation before deleting and what it says after, each accessible (axe) and never wider than the
/// screen. Set REGISTRATION_SCREENSHOTS to a folder (relative to the repository) to keep screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MyDataBrowserTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public async Task Asking_seeing_and_deleting_your_data_is_accessible_and_fits_the_screen(int width, int height)
    {
        var email = $"ada.mydata.{width}@example.org";
        foreach (var (slug, days) in new[] { ($"my-data-a-{width}", 30), ($"my-data-b-{width}", 40) })
        {
            await AddEventAsync(slug, days);
            await SignUpAsync(slug, email);
        }

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString(), ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("my-data");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("See or delete your data");
        await CheckAsync(page, width, "my-data-request");

        await page.GetByLabel("Email address").FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a link" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Enter an email address in the correct format");
        await CheckAsync(page, width, "my-data-error");

        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a link" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-my-data-sent]")).ToContainTextAsync("If we hold anything for that address");
        await CheckAsync(page, width, "my-data-sent");

        var mail = await fixture.Mail.WaitForAsync(m => m.To.Contains(email, StringComparison.Ordinal) && m.Subject.StartsWith("Your data", StringComparison.Ordinal));
        await page.GotoAsync(Link().Match(mail.Text!).Value);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show my data" })).ToBeVisibleAsync();
        await CheckAsync(page, width, "my-data-link");

        await page.GetByRole(AriaRole.Button, new() { Name = "Show my data" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-my-data-registration]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-my-data-registrations]")).ToContainTextAsync("A rather long organisation name, Incorporated");
        await Assertions.Expect(page.Locator("[data-my-data-emails]")).ToContainTextAsync("Link to see your data");
        await CheckAsync(page, width, "my-data-held");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download it (JSON)" }).ClickAsync());
        Assert.Equal("my-data.json", download.SuggestedFilename);

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete all my data" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Delete all your data?");
        await CheckAsync(page, width, "my-data-delete");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete all my data" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-my-data-removed]")).ToContainTextAsync("Removed 2 registrations and");
        await CheckAsync(page, width, "my-data-deleted");

        await page.GotoAsync("my-data/held");
        await Assertions.Expect(page.Locator("[data-my-data-session]")).ToBeVisibleAsync();
    }

    private static async Task CheckAsync(IPage page, int width, string name)
    {
        Assert.Empty(await Axe.ViolationsAsync(page));
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{name}: at {width} px the page is {widths[0]} px wide, wider than the {widths[1]} px screen.");
        if (Environment.GetEnvironmentVariable("REGISTRATION_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Root, folder, $"{name}-{width}.png"), FullPage = true });
        }
    }

    /// <summary>An event some days ahead (the browser runs on the real clock), asking every built-in field and a question.</summary>
    private async Task AddEventAsync(string slug, int days)
    {
        var start = DateTime.UtcNow.Date.AddDays(days).AddHours(14);
        await TestEvents.AddAsync(fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>(), slug, capacity: 20, start, d => d with
        {
            BuiltInFields = BuiltInFields.All,
            Questions = [EventQuestion.Create("role", "What is your role in your organisation, in a few words?", QuestionKind.Text, null, required: false)],
        });
    }

    private async Task SignUpAsync(string slug, string email)
    {
        using var client = new HttpClient { BaseAddress = fixture.BaseUri };
        var fields = new Dictionary<string, string>(SignUpClient.Fields("Ada Lovelace", email))
        {
            ["Form.Organisation"] = "A rather long organisation name, Incorporated",
            ["Form.AccessNeeds"] = "Captions, please.\nAnd a break every hour.",
            ["Form.Answers[role]"] = "Researcher in participatory data governance",
        };
        Assert.Equal("confirmed", SignUpClient.Status(await new SignUpClient(client).PostAsync(slug, fields)));
    }

    [GeneratedRegex(@"https?://[^/\s]+/my-data/link\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex Link();
}
