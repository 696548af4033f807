using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Features.Email;
using Registration.Tests.Support;
using Registration.Web;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Browser;

/// <summary>
/// An organiser writes to an event's attendees in Chromium, with the app sending through a real SMTP server
/// on loopback: the preview on the page is the HTML body that arrives.
/// </summary>
public sealed partial class EmailAttendeesBrowserTests : IAsyncLifetime
{
    private const string Organiser = "mail@example.org";
    private readonly TempDirectory _data = new();
    private SmtpServer _smtp = null!;
    private WebApplication _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseUri = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync();
        var settings = EmailDeliveryTests.SmtpSettings(_smtp.Port).Select(s => $"--{s.Key}={s.Value}");
        _app = RegistrationApp.Build(["--urls", "http://127.0.0.1:0", $"--Registration:DataDirectory={_data.Path}", "--Registration:SeedSampleData=false", .. settings]);
        await _app.StartAsync();
        _baseUri = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task The_preview_is_the_html_that_arrives_after_a_test_and_a_confirmation_with_the_count_of_the_moment()
    {
        var ev = await PrepareAsync();
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUri.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, $"/organiser/events/{ev.Slug}/email", Organiser);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Email attendees of {ev.Title}", new() { Timeout = 15000 });
        var count = page.Locator("#audience-count");
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Send to 2 people…" });
        await Assertions.Expect(count).ToHaveTextAsync("2 people in this group now.");
        await Assertions.Expect(send).ToBeEnabledAsync();

        await page.GetByLabel("Send to").SelectOptionAsync(nameof(Audience.CheckedIn));
        await Assertions.Expect(count).ToHaveTextAsync("0 people in this group now.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send to 0 people…" })).ToBeDisabledAsync();
        await page.GetByLabel("Send to").SelectOptionAsync(nameof(Audience.Confirmed));
        await Assertions.Expect(count).ToHaveTextAsync("2 people in this group now.");

        // An error stays only until the organiser does something about it.
        await send.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Give the email a subject. Write the message.");
        await page.GetByLabel("Subject").FillAsync("Venue confirmed");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await page.GetByLabel("Message").FillAsync(
            "We meet at **Friends Meeting House**, see [the map](https://example.org/map).\n\n"
            + "Slides: https://example.org/" + new string('s', 180) + "\n\n[Not a link](javascript:alert(1))");
        await Assertions.Expect(page.Locator("#email-preview strong")).ToHaveTextAsync("Friends Meeting House");
        await Assertions.Expect(page.Locator("#email-preview")).ToContainTextAsync("Hello Ada Lovelace,");
        await Assertions.Expect(page.Locator("#preview-subject")).ToHaveTextAsync($"{ev.Title}: Venue confirmed");
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Send a test to me" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"A test is on its way to you at {Organiser}. Nobody else gets it.");
        var test = await _smtp.Mail.WaitForAsync(m => m.Subject == $"[Test] {ev.Title}: Venue confirmed");
        Assert.Equal(Organiser, test.Header("x-rcptto").Trim());

        // Someone signs up while the page is open: the question counts again.
        await SignUpAsync(ev.Id, "Linus Torvalds", "linus@example.org");
        await send.ClickAsync();
        var question = page.GetByRole(AriaRole.Alertdialog);
        await Assertions.Expect(question.Locator("h2")).ToHaveTextAsync("Send to 3 people?");
        await Assertions.Expect(question).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(question).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to 3 people…" }).ClickAsync();
        await question.GetByRole(AriaRole.Button, new() { Name = "No" }).ClickAsync();
        await Assertions.Expect(question).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to 3 people…" }).ClickAsync();
        // Blazor marks where rendered markup starts with an empty comment of its own; it is not the message's.
        var previewHtml = (await page.Locator("#email-preview").InnerHTMLAsync()).Replace("<!--!-->", string.Empty, StringComparison.Ordinal);
        var previewStyle = await page.Locator("#email-preview").GetAttributeAsync("style");
        await question.GetByRole(AriaRole.Button, new() { Name = "Yes, send to 3 people" }).DblClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your message is on its way to 3 people.");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Subject")).ToHaveValueAsync(string.Empty);
        var history = page.Locator(".email-history li");
        await Assertions.Expect(history).ToHaveCountAsync(1);
        await Assertions.Expect(history).ToContainTextAsync("Venue confirmed");
        await Assertions.Expect(history).ToContainTextAsync("To people with a place: 3 people (");
        await Assertions.Expect(history).ToContainTextAsync($"Sent by {Organiser} on ");
        await Assertions.Expect(history).ToContainTextAsync("UK time.");

        // Three confirmations, the test and the three copies.
        var delivered = await _smtp.Mail.WaitForCountAsync(7);
        Assert.Equal(
            ["ada@example.org", "grace@example.org", "linus@example.org"],
            delivered.Where(m => m.Subject == $"{ev.Title}: Venue confirmed").Select(m => m.Header("x-rcptto").Trim()).Order(StringComparer.Ordinal));
        var ada = delivered.Single(m => m.Subject == $"{ev.Title}: Venue confirmed" && m.To.Contains("ada@", StringComparison.Ordinal));

        // Both sides serialised by the same browser; only the manage link's secret token differs.
        var sent = await page.EvaluateAsync<string[]>(
            "html => { const d = new DOMParser().parseFromString(html, 'text/html'); return [d.body.innerHTML, d.body.getAttribute('style')]; }", ada.Html);
        Assert.Equal(previewStyle, sent[1]);
        Assert.Equal(previewHtml, ManageToken().Replace(sent[0], $"manage?token={MessageComposer.PreviewToken}\""));
        Assert.Contains("<strong>Friends Meeting House</strong>", previewHtml, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#\">Not a link</a>", previewHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", previewHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Single(Regex.Matches(previewHtml, "Hello "));
    }

    private async Task<Event> PrepareAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync(Organiser, OrganiserClient.Password);
        var dbFactory = _app.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var ev = await TestEvents.AddAsync(dbFactory, "launch", capacity: 10, DateTime.UtcNow.Date.AddDays(10).AddHours(10));
        await SignUpAsync(ev.Id, "Ada Lovelace", "ada@example.org");
        await SignUpAsync(ev.Id, "Grace Hopper", "grace@example.org");
        return ev;
    }

    private async Task SignUpAsync(int eventId, string name, string email)
    {
        var details = SignUpDetails.Validate(new SignUpInput(name, email, null, null, null, new Dictionary<string, string?>(), true), [], out _)!;
        var result = await _app.Services.GetRequiredService<SignUpService>().SignUpAsync(eventId, details);
        Assert.Equal(SignUpOutcome.Confirmed, result.Outcome);
    }

    [GeneratedRegex("manage\\?token=[^\"]+\"")]
    private static partial Regex ManageToken();
}
