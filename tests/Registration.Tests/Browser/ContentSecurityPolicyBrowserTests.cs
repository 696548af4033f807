using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Features.Import;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Browser;

/// <summary>
/// The pages under the app's Content-Security-Policy in Chromium: nothing they need is blocked, and the
/// interactive organiser pages (Blazor Server over a WebSocket, Radzen) still answer.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture fixture)
{
    /// <summary>Runs before any page script: records what the browser blocked, as the page itself would see it.</summary>
    private const string RecordViolations = """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
        """;

    [Fact]
    public async Task Public_pages_load_with_nothing_blocked()
    {
        var slug = await UpcomingEventSlugAsync();
        await using var context = await NewContextAsync();
        var (page, blocked) = await WatchedPageAsync(context);

        foreach (var path in new[] { "/", $"/events/{slug}", $"/events/{slug}/register", "/privacy" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
            await AssertNothingBlockedAsync(page, blocked, path);
        }
    }

    [Fact]
    public async Task Organiser_pages_work_and_load_with_nothing_blocked()
    {
        var slug = await UpcomingEventSlugAsync();
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync("csp@example.org", OrganiserClient.Password);
        }

        await using var context = await NewContextAsync();
        var (page, blocked) = await WatchedPageAsync(context);

        // Blazor's WebSocket passes through the test, so the test can cut it.
        var sockets = new ConcurrentBag<IWebSocketRoute>();
        await page.RouteWebSocketAsync(new Regex("/_blazor"), socket =>
        {
            socket.ConnectToServer();
            sockets.Add(socket);
        });

        await BrowserSignIn.SignInAsync(page, "/organiser/sign-in", "csp@example.org");

        // The dashboard, with its chart's bars sized by style attributes.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your events", new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator(".day-chart-bars li")).ToHaveCountAsync(14, new() { Timeout = 15000 });
        await AssertNothingBlockedAsync(page, blocked, "/organiser");

        // The attendee list: Radzen's grid, and a search typed in is answered over the circuit.
        await page.GotoAsync($"/organiser/events/{slug}");
        var search = page.Locator("#search");
        await Assertions.Expect(search).ToBeEnabledAsync(new() { Timeout = 15000 });
        await search.FillAsync("nobody-by-this-name");
        await Assertions.Expect(page.Locator(".rz-grid-table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".rz-grid-table tbody")).ToContainTextAsync("No records to display");
        await AssertNothingBlockedAsync(page, blocked, $"/organiser/events/{slug}");

        // The editor: the preview follows the description as it is typed.
        await page.GotoAsync($"/organiser/events/{slug}/edit");
        var description = page.GetByLabel("Description (markdown)");
        await Assertions.Expect(description).ToBeEnabledAsync(new() { Timeout = 15000 });
        await description.FillAsync("Bring **your own** mug.");
        await Assertions.Expect(page.Locator(".preview strong")).ToHaveTextAsync("your own", new() { Timeout = 15000 });
        await AssertNothingBlockedAsync(page, blocked, $"/organiser/events/{slug}/edit");

        // The circuit ran over a WebSocket, under connect-src 'self'. Losing it shows the app's reconnect
        // message (Components/ReconnectMessage.razor, styled from app.css), until Blazor has reconnected.
        Assert.NotEmpty(sockets);
        foreach (var socket in sockets)
        {
            await socket.CloseAsync();
        }

        var reconnecting = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connection lost. Reconnecting…" });
        await Assertions.Expect(reconnecting).ToBeVisibleAsync(new() { Timeout = 15000 });
        await AssertNothingBlockedAsync(page, blocked, "the reconnect message");
        await Assertions.Expect(reconnecting).ToBeHiddenAsync(new() { Timeout = 30000 });
    }

    [Fact]
    public async Task The_check_does_see_a_blocked_inline_script()
    {
        await using var context = await NewContextAsync();
        var (page, blocked) = await WatchedPageAsync(context);
        await page.GotoAsync("/privacy");

        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.ran = true'; document.body.appendChild(s); }");

        await Assertions.Expect(page.Locator("body")).ToBeVisibleAsync();
        Assert.False(await page.EvaluateAsync<bool>("() => window.ran === true"));
        Assert.Contains(await page.EvaluateAsync<string[]>("() => window.__violations"), v => v.StartsWith("script-src", StringComparison.Ordinal));
        Assert.Contains(blocked, m => m.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_YouTube_embed_in_a_description_is_allowed_and_any_other_frame_is_blocked()
    {
        using var files = new TempDirectory();
        var path = files.File("2031-05-01-embeds.md", """
            ---
            title: Embeds
            date: 2031-05-01
            ---
            Our launch:

            <iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Launch video" allowfullscreen></iframe>
            """);
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EventImporter>().ImportAsync([path]);
        }

        await using var context = await NewContextAsync();
        var (page, blocked) = await WatchedPageAsync(context);

        // The test machine has no internet: the frame's page is answered here, after the policy allowed it.
        await page.RouteAsync("https://www.youtube-nocookie.com/**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<p>player</p>" }));
        await page.GotoAsync("/events/2031-05-01-embeds");

        var frame = page.Locator("iframe[title='Launch video']");
        await Assertions.Expect(frame).ToHaveAttributeAsync("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
        await Assertions.Expect(page.FrameLocator("iframe[title='Launch video']").Locator("p")).ToHaveTextAsync("player");
        await AssertNothingBlockedAsync(page, blocked, "the embedded video");

        await page.EvaluateAsync("() => { const f = document.createElement('iframe'); f.src = 'https://docs.google.com/document/d/x'; document.body.appendChild(f); }");
        await page.WaitForFunctionAsync("() => window.__violations.some(v => v.startsWith('frame-src blocked https://docs.google.com'))");
    }

    private Task<IBrowserContext> NewContextAsync() =>
        fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });

    private static async Task<(IPage Page, ConcurrentQueue<string> Console)> WatchedPageAsync(IBrowserContext context)
    {
        await context.AddInitScriptAsync(RecordViolations);
        var page = await context.NewPageAsync();
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                console.Enqueue(message.Text);
            }
        };
        return (page, console);
    }

    private static async Task AssertNothingBlockedAsync(IPage page, ConcurrentQueue<string> console, string where)
    {
        var violations = await page.EvaluateAsync<string[]>("() => window.__violations");
        var all = violations.Concat(console).ToList();
        Assert.True(all.Count == 0, $"{where}: {string.Join(Environment.NewLine, all)}");
    }

    private async Task<string> UpcomingEventSlugAsync()
    {
        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        return await db.Events.Where(e => e.SeriesId != null && e.Schedule.StartsAtUtc > now).OrderBy(e => e.Schedule.StartsAtUtc).Select(e => e.Slug).FirstAsync();
    }
}
