using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Browser;

/// <summary>
/// The editor as an organiser uses it in Chromium: a new event from the first field to its public page,
/// and an unpublish that asks first, with the numbers, when people are registered.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EventEditorBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Create_a_draft_edit_it_publish_it_and_the_public_page_shows_it()
    {
        await AddOrganiserAsync("writer@example.org");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, "/organiser", "writer@example.org");
        await page.GetByRole(AriaRole.Link, new() { Name = "New event" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/organiser/events/new$"));

        var title = page.GetByLabel("Title");
        await Assertions.Expect(title).ToBeEnabledAsync(new() { Timeout = 15000 });
        await title.FillAsync("Data and democracy walk");
        var year = DateTime.UtcNow.Year + 2;
        await page.GetByLabel("Starts").FillAsync($"{year}-03-12T14:00");
        await page.GetByLabel("Ends").FillAsync($"{year}-03-12T16:00");
        await page.GetByLabel("Venue").FillAsync("Friends Meeting House, Manchester");
        await page.GetByLabel("Description (markdown)").FillAsync("Bring **stout shoes**.");

        // The preview is drawn once typing pauses.
        await Assertions.Expect(page.Locator("[data-preview] strong")).ToHaveTextAsync("stout shoes");

        await Assertions.Expect(title).ToHaveValueAsync("Data and democracy walk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        var slug = $"{year}-03-12-data-and-democracy-walk";
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/organiser/events/{slug}/edit$"), new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Edit: Data and democracy walk");
        await Assertions.Expect(page.Locator("[data-event-status]")).ToHaveTextAsync("Draft");
        await Assertions.Expect(page.GetByLabel("Venue")).ToHaveValueAsync("Friends Meeting House, Manchester");

        await page.GetByLabel("Title").FillAsync("Data and democracy walk (Manchester)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToHaveCountAsync(1);

        // The map link beside the venue: refused unless a web address, then saved.
        await page.GetByLabel("Map link (optional)").FillAsync("javascript:alert(1)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The map link must be a web address starting with https://." })).ToHaveCountAsync(1);
        await page.GetByLabel("Map link (optional)").FillAsync("https://www.openstreetmap.org/way/123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-event-status]")).ToHaveTextAsync("Published");
        Assert.Empty(await Axe.ViolationsAsync(page));

        await using var visitor = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var publicPage = await visitor.NewPageAsync();
        var response = await publicPage.GotoAsync($"/events/{slug}");
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        await Assertions.Expect(publicPage.Locator("h1")).ToHaveTextAsync("Data and democracy walk (Manchester)");
        await Assertions.Expect(publicPage.Locator(".event-description strong")).ToHaveTextAsync("stout shoes");
        await Assertions.Expect(publicPage.GetByRole(AriaRole.Link, new() { Name = "Map of Friends Meeting House, Manchester, opens in a new tab" })).ToHaveAttributeAsync("href", "https://www.openstreetmap.org/way/123");
    }

    [Fact]
    public async Task Unpublishing_with_people_registered_asks_first_with_the_numbers_and_No_or_Escape_does_nothing()
    {
        const string slug = "unpublish-asks";
        var dbFactory = fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var ev = await TestEvents.AddAsync(dbFactory, slug, 2, DateTime.UtcNow.AddDays(30).Date.AddHours(10));
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var signUps = scope.ServiceProvider.GetRequiredService<SignUpService>();
            foreach (var name in new[] { "Ada", "Grace", "Mary" })
            {
                var details = SignUpDetails.Validate(new SignUpInput(name, $"{name.ToLowerInvariant()}@example.org", null, null, null, new Dictionary<string, string?>(), true), [], out _)!;
                await signUps.SignUpAsync(ev.Id, details);
            }
        }

        await AddOrganiserAsync("unpublisher@example.org");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, $"/organiser/events/{slug}/edit", "unpublisher@example.org");
        var unpublish = page.GetByRole(AriaRole.Button, new() { Name = "Unpublish" });
        await Assertions.Expect(unpublish).ToBeEnabledAsync(new() { Timeout = 15000 });
        var question = page.GetByRole(AriaRole.Group, new() { Name = "Unpublish?" });

        // Escape closes the question, and focus goes back to the button that asked it.
        await OpenAsync(unpublish, question);
        await Assertions.Expect(question.Locator("[data-affected]")).ToHaveTextAsync("2 people have a place and 1 is waiting.");
        await Assertions.Expect(question).ToBeFocusedAsync();
        Assert.Empty(await Axe.ViolationsAsync(page));
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(question).ToHaveCountAsync(0);
        await Assertions.Expect(unpublish).ToBeFocusedAsync();

        // So does No.
        await OpenAsync(unpublish, question);
        await question.GetByRole(AriaRole.Button, new() { Name = "No", Exact = true }).ClickAsync();
        await Assertions.Expect(question).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-event-status]")).ToHaveTextAsync("Published");
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            Assert.Equal(EventStatus.Published, (await db.Events.SingleAsync(e => e.Id == ev.Id)).Status);
            Assert.False(await db.Audit.AnyAsync(a => a.EventId == ev.Id && a.Action == "unpublish event"));
        }

        // Yes, without emailing them: unpublished, registrations kept, and the audit says nobody was told.
        await OpenAsync(unpublish, question);
        await question.GetByLabel("Email them that the event is off the website for now").UncheckAsync();
        await question.GetByRole(AriaRole.Button, new() { Name = "Yes, unpublish" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-event-status]")).ToHaveTextAsync("Draft");
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            Assert.Equal("did not email the 3 people registered", (await db.Audit.SingleAsync(a => a.EventId == ev.Id && a.Action == "unpublish event")).Details);
            Assert.Equal(3, await db.Registrations.CountAsync(r => r.EventId == ev.Id && r.Status != RegistrationStatus.Cancelled));
            Assert.False(await db.Outbox.AnyAsync(m => m.EventId == ev.Id && m.Kind == MessageKind.Announcement));
        }

        await using var visitor = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var gone = await (await visitor.NewPageAsync()).GotoAsync($"/events/{slug}");
        Assert.Equal((int)HttpStatusCode.NotFound, gone!.Status);
    }

    [Fact]
    public async Task Cancelling_a_registration_and_removing_an_organiser_ask_first_and_No_or_Escape_does_nothing()
    {
        const string slug = "inline-questions";
        var dbFactory = fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var ev = await TestEvents.AddAsync(dbFactory, slug, 10, DateTime.UtcNow.AddDays(30).Date.AddHours(10));
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var details = SignUpDetails.Validate(new SignUpInput("Ada Lovelace", "ada.inline@example.org", null, null, null, new Dictionary<string, string?>(), true), [], out _)!;
            await scope.ServiceProvider.GetRequiredService<SignUpService>().SignUpAsync(ev.Id, details);
        }

        await AddOrganiserAsync("asker@example.org", Organiser.AdminRole);
        await AddOrganiserAsync("stays@example.org");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, $"/organiser/events/{slug}", "asker@example.org");

        var cancel = page.GetByRole(AriaRole.Button, new() { Name = "Cancel… Ada Lovelace" });
        var question = page.GetByRole(AriaRole.Group, new() { Name = "Cancel Ada Lovelace?" });
        await OpenAsync(cancel, question);
        await Assertions.Expect(question).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(question).ToHaveCountAsync(0);
        await Assertions.Expect(cancel).ToBeFocusedAsync();
        await OpenAsync(cancel, question);
        await question.GetByRole(AriaRole.Button, new() { Name = "No", Exact = true }).ClickAsync();
        await Assertions.Expect(question).ToHaveCountAsync(0);
        await Assertions.Expect(cancel).ToBeVisibleAsync();

        await page.GotoAsync("/organiser/organisers");
        var remove = page.GetByRole(AriaRole.Button, new() { Name = "Remove… stays@example.org" });
        var removal = page.GetByRole(AriaRole.Group, new() { Name = "Remove stays@example.org?" });
        await OpenAsync(remove, removal);
        await Assertions.Expect(removal).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(removal).ToHaveCountAsync(0);
        await Assertions.Expect(remove).ToBeFocusedAsync();
        await OpenAsync(remove, removal);
        await removal.GetByRole(AriaRole.Button, new() { Name = "No", Exact = true }).ClickAsync();
        await Assertions.Expect(removal).ToHaveCountAsync(0);
        Assert.Empty(await Axe.ViolationsAsync(page));

        await using var db = await dbFactory.CreateDbContextAsync();
        Assert.Equal(RegistrationStatus.Confirmed, (await db.Registrations.SingleAsync(r => r.EventId == ev.Id)).Status);
        Assert.True(await db.Users.AnyAsync(u => u.Email == "stays@example.org"));
    }

    [Fact]
    public async Task The_dashboard_names_online_events_starting_within_two_days_without_a_joining_link()
    {
        var dbFactory = fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var now = DateTime.UtcNow;
        await TestEvents.AddAsync(dbFactory, "flag-tomorrow", 10, now.AddDays(1), d => d with { Title = "Tomorrow online", Location = EventLocation.Online });
        await TestEvents.AddAsync(dbFactory, "flag-next-week", 10, now.AddDays(7), d => d with { Title = "Next week online", Location = EventLocation.Online });
        await TestEvents.AddAsync(dbFactory, "flag-linked", 10, now.AddDays(1), d => d with { Title = "Linked online", Location = EventLocation.Online, OnlineJoinUrl = "https://zoom.example.org/j/1" });

        await AddOrganiserAsync("flagged@example.org");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, "/organiser", "flagged@example.org");

        var flag = page.Locator("[data-missing-joining-link]");
        await Assertions.Expect(flag).ToContainTextAsync("Tomorrow online", new() { Timeout = 15000 });
        await Assertions.Expect(flag).Not.ToContainTextAsync("Next week online");
        await Assertions.Expect(flag).Not.ToContainTextAsync("Linked online");
    }

    [Fact]
    public async Task The_events_lists_mark_all_question_takes_the_focus_and_Escape_answers_No()
    {
        var dbFactory = fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var ev = await TestEvents.AddAsync(dbFactory, "question-on-a-static-page", 10, DateTime.UtcNow.AddDays(40), d => d with { ReviewNotes = ["Times 10:00–11:00 read from the page text."] });

        await AddOrganiserAsync("reviewer@example.org");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, "/organiser/events?show=review", "reviewer@example.org");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Mark \\d+ events? reviewed") }).ClickAsync();

        var question = page.Locator("[data-question]");
        await Assertions.Expect(question).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(question).ToHaveCountAsync(0);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("show=review(?!.*confirm)"));

        // Opened as an address of its own (a reload, a bookmark) it takes the focus as well.
        await page.GotoAsync("/organiser/events?show=review&confirm=all");
        await Assertions.Expect(question).ToBeFocusedAsync();
        await question.GetByRole(AriaRole.Link, new() { Name = "No, go back" }).ClickAsync();
        await Assertions.Expect(question).ToHaveCountAsync(0);

        await using var db = await dbFactory.CreateDbContextAsync();
        Assert.True((await db.Events.SingleAsync(e => e.Id == ev.Id)).NeedsReview);
    }

    [Fact]
    public async Task An_event_opened_from_all_events_is_a_working_live_page()
    {
        const string slug = "opened-from-all-events";
        var dbFactory = fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var ev = await TestEvents.AddAsync(dbFactory, slug, 10, DateTime.UtcNow.AddDays(20), d => d with { Title = "Opened from all events" });
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var details = SignUpDetails.Validate(new SignUpInput("Katherine Johnson", "katherine@example.org", null, null, null, new Dictionary<string, string?>(), true), [], out _)!;
            await scope.ServiceProvider.GetRequiredService<SignUpService>().SignUpAsync(ev.Id, details);
        }

        await AddOrganiserAsync("navigator@example.org");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, "/organiser/events?q=opened", "navigator@example.org");

        // All events is rendered on the server; the attendee list is live and needs its scripts.
        await page.GetByRole(AriaRole.Link, new() { Name = "Opened from all events", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/organiser/events/{slug}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "Katherine Johnson", Exact = true })).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator(".page-error")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.Radzen === 'object'"));

        // The reconnect message's Reload works too (its script ran).
        await page.EvaluateAsync("() => document.getElementById('components-reconnect-modal').classList.add('components-reconnect-failed')");
        var reloaded = page.WaitForRequestAsync(r => r.IsNavigationRequest && r.Url.EndsWith($"/organiser/events/{slug}", StringComparison.Ordinal));
        await page.Locator("#components-reconnect-modal .reconnect-failed [data-reload]").ClickAsync();
        await reloaded;
    }

    /// <summary>
    /// Clicks until the question opens: a click that lands before the page is live does nothing, and
    /// whether a page shows that (disabled fields) is the page's business, not this test's.
    /// </summary>
    private static async Task OpenAsync(ILocator button, ILocator question)
    {
        for (var attempt = 1; !await question.IsVisibleAsync(); attempt++)
        {
            await button.ClickAsync(new() { Timeout = 15000 });
            try
            {
                await Assertions.Expect(question).ToBeVisibleAsync(new() { Timeout = 1000 });
            }
            catch (PlaywrightException) when (attempt < 15)
            {
            }
        }
    }

    private async Task AddOrganiserAsync(string email, string role = Organiser.OrganiserRole)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync(email, OrganiserClient.Password, role);
    }
}
