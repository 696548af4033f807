using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Browser;

/// <summary>
/// A person's manage page and the form to change their details, in Chromium on a phone and on a laptop:
/// everything they gave, add to calendar and the joining link, accessible (axe) and never wider than the screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ManagePageBrowserTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public async Task The_manage_page_and_the_change_form_are_accessible_and_fit_the_screen(int width, int height)
    {
        var slug = $"manage-browser-{width}";
        await AddEventAsync(slug);
        var email = $"ada.{width}@example.org";
        var token = await SignUpAsync(slug, email);

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString(), ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(ManageLinks.ManagePath(token));
        await Assertions.Expect(page.Locator("h2#status-title")).ToHaveTextAsync("You're registered");
        await Assertions.Expect(page.Locator("[data-your-details]")).ToContainTextAsync("A rather long organisation name, Incorporated");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "https://meet.example.org/j/123456789" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-add-to-calendar]")).ToBeVisibleAsync();
        await AssertAccessibleAndFitsAsync(page, width);

        await page.GetByRole(AriaRole.Link, new() { Name = "Change my details" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Change your details");
        Assert.Equal("A rather long organisation name, Incorporated", await page.GetByLabel("Organisation (optional)").InputValueAsync());
        await AssertAccessibleAndFitsAsync(page, width);

        await page.GetByLabel("Full name").FillAsync(string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my changes" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Enter your name.");
        await AssertAccessibleAndFitsAsync(page, width);

        await page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Dietary needs (optional)").FillAsync("No nuts, please");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-details-saved]")).ToContainTextAsync("Your changes are saved.");
        await AssertAccessibleAndFitsAsync(page, width);

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to your registration" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-your-details]")).ToContainTextAsync("No nuts, please");
        await Assertions.Expect(page.Locator("[data-your-details]")).ToContainTextAsync("Ada Lovelace");

        // A new address: the link goes there, and its page confirms the change.
        var newEmail = $"lovelace.{width}@example.org";
        await page.GetByRole(AriaRole.Link, new() { Name = "Change my details" }).ClickAsync();
        await page.GetByLabel("Email address").FillAsync(newEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-email-change-sent]")).ToContainTextAsync($"We have sent a link to {newEmail}; your address changes when you open it.");
        await AssertAccessibleAndFitsAsync(page, width);

        var mail = await fixture.Mail.WaitForAsync(m => m.To.Contains(newEmail, StringComparison.Ordinal));
        await page.GotoAsync(ConfirmLink().Match(mail.Text!).Groups[1].Value);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Confirm your new email address");
        await AssertAccessibleAndFitsAsync(page, width);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this address" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your email address is changed");
        await AssertAccessibleAndFitsAsync(page, width);
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public async Task Delete_my_data_asks_first_then_says_what_went_and_both_pages_are_accessible(int width, int height)
    {
        var slug = $"manage-delete-{width}";
        await AddEventAsync(slug);
        var token = await SignUpAsync(slug, $"grace.{width}@example.org");

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString(), ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(ManageLinks.ManagePath(token));
        await Assertions.Expect(page.Locator("[data-your-data]")).ToContainTextAsync("90 days after the event");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete my data" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Delete your data?");
        await AssertAccessibleAndFitsAsync(page, width);
        await ShootAsync(page, "manage-delete", width);

        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete my data" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your data is deleted");
        await AssertAccessibleAndFitsAsync(page, width);
        await ShootAsync(page, "manage-deleted", width);

        await page.GotoAsync(ManageLinks.ManagePath(token));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This link does not work");
    }

    private static async Task ShootAsync(IPage page, string name, int width)
    {
        if (Environment.GetEnvironmentVariable("REGISTRATION_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Root, folder, $"{name}-{width}.png"), FullPage = true });
        }
    }

    private static async Task AssertAccessibleAndFitsAsync(IPage page, int width)
    {
        Assert.Empty(await Axe.ViolationsAsync(page));
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"At {width} px the page is {widths[0]} px wide, wider than the {widths[1]} px screen.");
    }

    /// <summary>An online event a month ahead (the browser runs on the real clock), asking every built-in field and a question of each main kind.</summary>
    private async Task AddEventAsync(string slug)
    {
        var start = DateTime.UtcNow.Date.AddDays(30).AddHours(14);
        await TestEvents.AddAsync(fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>(), slug, capacity: 20, start, d => d with
        {
            Location = EventLocation.Online,
            OnlineJoinUrl = "https://meet.example.org/j/123456789",
            BuiltInFields = BuiltInFields.All,
            Questions =
            [
                EventQuestion.Create("role", "What is your role?", QuestionKind.Text, null, required: true),
                EventQuestion.Create("session", "Which session would you like to join?", QuestionKind.SingleChoice, ["Morning workshop", "Afternoon panel"], required: false),
                EventQuestion.Create("topics", "Which topics interest you?", QuestionKind.MultipleChoice, ["Health and care", "Work", "Schools and universities"], required: false),
            ],
        });
    }

    private async Task<string> SignUpAsync(string slug, string email)
    {
        using var client = new HttpClient { BaseAddress = fixture.BaseUri };
        var signUps = new SignUpClient(client);
        var fields = new Dictionary<string, string>(SignUpClient.Fields("Ada", email))
        {
            ["Form.Organisation"] = "A rather long organisation name, Incorporated",
            ["Form.AccessNeeds"] = "Captions, please.\nAnd a break every hour.",
            ["Form.Answers[role]"] = "Researcher in participatory data governance",
            ["Form.Answers[session]"] = "Morning workshop",
            ["Form.Picked[topics/0]"] = "Health and care",
            ["Form.Picked[topics/2]"] = "Schools and universities",
        };
        Assert.Equal("confirmed", SignUpClient.Status(await signUps.PostAsync(slug, fields)));
        return await fixture.Mail.ManageTokenForAsync(email);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^/\s]+/(manage/email\?token=[A-Za-z0-9_%-]+)")]
    private static partial System.Text.RegularExpressions.Regex ConfirmLink();
}
