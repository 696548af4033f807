using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Registrations;
using Registration.Web.Infrastructure;

namespace Registration.Tests.Browser;

/// <summary>
/// The live organiser pages when things go wrong, in Chromium: a failure shows the error boundary and
/// "Try again" brings the page back; a page loads its data once; what an address names that does not
/// exist answers 404 and says so; the reconnect message is worded and reloads.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OrganiserResilienceBrowserTests(BrowserFixture fixture)
{
    private IDbContextFactory<RegistrationDbContext> DbFactory => fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();

    [Fact]
    public async Task A_failure_in_a_live_page_shows_the_error_boundary_and_try_again_brings_the_page_back()
    {
        var slug = await EventAsync("boundary");
        await SignUpAsync(slug, "Ada Lovelace");
        var email = await OrganiserAsync("boundary");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, $"/organiser/events/{slug}", email);
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "Ada Lovelace", Exact = true })).ToBeVisibleAsync(new() { Timeout = 15000 });

        // Another process holds the database for longer than a write waits (EventWriteLock.Timeout), so
        // the check-in gives up with DatabaseBusyException inside the page's click handler.
        var error = await CheckInWhileTheDatabaseIsBusyAsync(page, "Ada Lovelace");
        await Assertions.Expect(error).ToHaveAttributeAsync("role", "alert");
        await Assertions.Expect(error).ToContainTextAsync("The system was busy, so that was not saved. Your other work is safe");
        Assert.Matches("^[0-9A-F]{8}$", await error.Locator("[data-error-id]").TextContentAsync());
        Assert.Empty(await Axe.ViolationsAsync(page));

        // The menu still answers, and another page opened from it starts without the error.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your events", new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator(".page-error")).ToHaveCountAsync(0);
        await page.GoBackAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "Ada Lovelace", Exact = true })).ToBeVisibleAsync(new() { Timeout = 15000 });

        await CheckInWhileTheDatabaseIsBusyAsync(page, "Ada Lovelace");
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            Assert.Null((await db.Registrations.SingleAsync(r => r.Event!.Slug == slug)).CheckedInAtUtc);
        }

        // Someone signs up meanwhile: trying again loads the page afresh, with them in it, and it works.
        await SignUpAsync(slug, "Grace Hopper");
        await page.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "Grace Hopper", Exact = true })).ToBeVisibleAsync(new() { Timeout = 15000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check in Ada Lovelace" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Undo check-in for Ada Lovelace" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".page-error")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_live_page_loads_its_event_once_and_an_unknown_event_answers_404_and_says_so()
    {
        var slug = await EventAsync("load-once");
        await SignUpAsync(slug, "Mary Jackson");
        var email = await OrganiserAsync("load-once");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        using (var commands = new CommandsNaming(slug))
        {
            await BrowserSignIn.SignInAsync(page, $"/organiser/events/{slug}/door", email);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Check-in: Test event {slug}", new() { Timeout = 15000 });

            // A search answered, so the page is live and has loaded all it will.
            var mary = page.GetByRole(AriaRole.Button, new() { Name = "Check in Mary Jackson" });
            await Assertions.Expect(mary).ToBeVisibleAsync();
            await page.Locator("#door-search").FillAsync("nobody-by-this-name");
            await Assertions.Expect(mary).ToHaveCountAsync(0, new() { Timeout = 15000 });

            // One read of the event for the 404 check before the page runs (an EXISTS), and one by the page,
            // live; rendered first on the server as well, the page would read it twice.
            var texts = commands.Texts;
            var detail = string.Join(Environment.NewLine + Environment.NewLine, texts);
            Assert.True(texts.Count(t => t.Contains("EXISTS", StringComparison.Ordinal)) == 1, detail);
            Assert.True(texts.Count(t => !t.Contains("EXISTS", StringComparison.Ordinal)) == 1, detail);
        }

        foreach (var address in new[] { "/organiser/events/no-such-event", "/organiser/events/no-such-event/door", "/organiser/events/no-such-event/email", "/organiser/events/no-such-event/edit" })
        {
            var response = await page.GotoAsync(address);
            Assert.Equal(404, response!.Status);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Event not found", new() { Timeout = 15000 });
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("No event has the address “no-such-event”.");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Find it among all events" })).ToBeVisibleAsync();
        }

        Assert.Empty(await Axe.ViolationsAsync(page));
    }

    /// <summary>The check-in page a scanned code opens (its status and lookup are tested over HTTP in CheckInCodeTests).</summary>
    [Fact]
    public async Task A_check_in_code_opens_its_person_and_a_made_up_one_finds_nobody()
    {
        var slug = await EventAsync("check-in");
        await SignUpAsync(slug, "Katherine Johnson");
        await SignUpAsync(slug, "Dorothy Vaughan");
        string code;
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            code = fixture.Services.GetRequiredService<CheckInCodes>().CodeFor(await db.Registrations.SingleAsync(r => r.Event!.Slug == slug && r.Name == "Katherine Johnson"));
        }

        var email = await OrganiserAsync("check-in");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, "/" + CheckInCodes.CheckInPath(code), email);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Katherine Johnson", new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Dorothy Vaughan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-checked-in]")).ToHaveAttributeAsync("data-checked-in", "yes");

        var response = await page.GotoAsync("/organiser/check-in/not-a-real-code");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Nobody found for this code", new() { Timeout = 15000 });
    }

    /// <summary>What the dashboard and the organisers page show, now that they render only live.</summary>
    [Fact]
    public async Task The_dashboard_counts_events_needing_review_and_the_organisers_page_shows_who_is_invited()
    {
        await EventAsync("needs-review", d => d with { ReviewNotes = ["Times 09:00–12:00 read from the page text."] });
        var invited = $"invited-{Guid.NewGuid():N}@example.org";
        var email = await OrganiserAsync("admin-view", Organiser.AdminRole);
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().InviteAsync(invited, Organiser.OrganiserRole)).Succeeded);
        }

        int needing;
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            needing = await db.Events.CountAsync(e => e.NeedsReview);
        }

        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, "/organiser", email);
        var review = page.GetByRole(AriaRole.Link, new() { Name = needing == 1 ? "1 event needs review" : $"{needing} events need review" });
        await Assertions.Expect(review).ToHaveAttributeAsync("href", "organiser/events?show=review", new() { Timeout = 15000 });

        await page.GotoAsync("/organiser/organisers");
        await Assertions.Expect(page.Locator("tr", new() { HasText = invited })).ToContainTextAsync("Invited", new() { Timeout = 15000 });
    }

    /// <summary>
    /// The reconnect message's other states, set as blazor.web.js sets them (a class on the element) when
    /// reconnecting fails or the server no longer knows the page; ContentSecurityPolicyBrowserTests cuts a
    /// real connection for the first state.
    /// </summary>
    [Fact]
    public async Task The_reconnect_message_says_what_to_do_and_its_button_reloads()
    {
        var email = await OrganiserAsync("reconnect");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, "/organiser", email);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your events", new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();

        foreach (var (state, words) in new[]
        {
            ("components-reconnect-failed", "Could not reconnect — reload the page; nothing you saved is lost."),
            ("components-reconnect-rejected", "reload the page; nothing you saved is lost."),
        })
        {
            await page.EvaluateAsync("state => document.getElementById('components-reconnect-modal').className = 'reconnect ' + state", state);
            var shown = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = words });
            await Assertions.Expect(shown).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reconnecting" })).ToBeHiddenAsync();
            Assert.Empty(await Axe.ViolationsAsync(page));

            await page.EvaluateAsync("() => window.__beforeReload = true");
            await shown.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
            await page.WaitForFunctionAsync("() => window.__beforeReload === undefined");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your events", new() { Timeout = 15000 });
            await Assertions.Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
        }
    }

    /// <summary>Clicks Check in while another process holds the database; returns the error shown, once the database is free again.</summary>
    private async Task<ILocator> CheckInWhileTheDatabaseIsBusyAsync(IPage page, string person)
    {
        var databasePath = fixture.Services.GetRequiredService<IOptions<RegistrationOptions>>().Value.DatabasePath;
        using var other = await OtherWriter.HoldAsync(databasePath, EventWriteLock.Timeout + TimeSpan.FromSeconds(3));
        await page.GetByRole(AriaRole.Button, new() { Name = $"Check in {person}" }).ClickAsync();

        var error = page.Locator(".page-error");
        await Assertions.Expect(error.GetByRole(AriaRole.Heading, new() { Name = "Something went wrong" })).ToBeVisibleAsync(new() { Timeout = 30000 });

        // Nothing of the page that failed is left to click.
        await Assertions.Expect(page.GetByRole(AriaRole.Grid)).ToHaveCountAsync(0);
        await other.ReleasedAsync();
        return error;
    }

    private Task<IBrowserContext> NewContextAsync() =>
        fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });

    private async Task<string> EventAsync(string name, Func<EventDetails, EventDetails>? change = null)
    {
        var slug = $"{name}-{Guid.NewGuid():N}"[..24];
        await TestEvents.AddAsync(DbFactory, slug, capacity: 10, DateTime.UtcNow.Date.AddDays(30).AddHours(10), change);
        return slug;
    }

    private async Task SignUpAsync(string slug, string name)
    {
        int id;
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            id = await db.Events.Where(e => e.Slug == slug).Select(e => e.Id).SingleAsync();
        }

        var details = SignUpDetails.Validate(new SignUpInput(name, $"{name.Replace(' ', '.')}@example.org", null, null, null, new Dictionary<string, string?>(), true), [], out _)!;
        await using var scope = fixture.Services.CreateAsyncScope();
        Assert.Equal(SignUpOutcome.Confirmed, (await scope.ServiceProvider.GetRequiredService<SignUpService>().SignUpAsync(id, details)).Outcome);
    }

    private async Task<string> OrganiserAsync(string name, string role = Organiser.OrganiserRole)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.org";
        await using var scope = fixture.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync(email, OrganiserClient.Password, role)).Succeeded);
        return email;
    }

    /// <summary>
    /// The SQL commands EF Core runs, in any app of this process, that have <paramref name="value"/> as a
    /// parameter: read from EF's diagnostic events, so the app is measured as it runs, unchanged.
    /// </summary>
    private sealed class CommandsNaming : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _value;
        private readonly ConcurrentQueue<string> _texts = new();
        private readonly ConcurrentBag<IDisposable> _subscriptions = [];
        private readonly IDisposable _listeners;

        public CommandsNaming(string value)
        {
            _value = value;
            _listeners = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public IReadOnlyList<string> Texts => [.. _texts];

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData executed
                && executed.Command.Parameters.Cast<DbParameter>().Any(p => Equals(p.Value, _value)))
            {
                _texts.Enqueue(executed.Command.CommandText);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _listeners.Dispose();
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
    }
}
