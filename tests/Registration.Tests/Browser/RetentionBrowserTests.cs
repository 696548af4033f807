using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.EventEditor;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Browser;

/// <summary>
/// Organisers see an event's personal data coming to its end: the dashboard lists it, its attendee page says
/// when (and, once done, that it was), a person whose data went shows as Removed, and the editor sets the days.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RetentionBrowserTests(BrowserFixture fixture)
{
    private const string OrganiserEmail = "retention@example.org";

    /// <summary>Nothing wider than the screen; with REGISTRATION_SCREENSHOTS set, the page as shown is kept there.</summary>
    private static async Task CheckAsync(IPage page, string name, string size)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{name} ({size}) is {widths[0]} px wide on a {widths[1]} px screen");
        Assert.Empty(await Axe.ViolationsAsync(page));
        if (Environment.GetEnvironmentVariable("REGISTRATION_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Root, folder, $"retention-{name}-{size}.png"), FullPage = true });
        }
    }

    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 800)]
    public async Task The_dashboard_and_attendee_page_say_when_personal_data_goes_and_a_removed_person_shows_as_removed(string size, int width, int height)
    {
        var now = DateTime.UtcNow;
        var dbFactory = fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var (soonSlug, goneSlug, organiser) = ($"retention-soon-{size}", $"retention-gone-{size}", $"{size}-{OrganiserEmail}");
        var soon = await PastEventAsync(fixture.Services, dbFactory, soonSlug, $"Spring assembly ({size})", endedDaysAgo: 80, "Ada Lovelace", "Grace Hopper");
        var gone = await PastEventAsync(fixture.Services, dbFactory, goneSlug, $"Winter assembly ({size})", endedDaysAgo: 120, "Mary Somerville");
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            (await db.Registrations.SingleAsync(r => r.EventId == soon && r.Name == "Grace Hopper")).Anonymise(now);
            foreach (var registration in await db.Registrations.Where(r => r.EventId == gone).ToListAsync())
            {
                registration.Anonymise(now);
            }

            (await db.Events.SingleAsync(e => e.Id == gone)).MarkPersonalDataRemoved(now);
            await db.SaveChangesAsync();
        }

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync(organiser, OrganiserClient.Password, Organiser.AdminRole);
        }

        string due;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var ev = await db.Events.AsNoTracking().SingleAsync(e => e.Id == soon);
            due = TimeZoneInfo.ConvertTimeFromUtc(ev.Schedule.EndsAtUtc.AddDays(90), ev.Schedule.TimeZone).ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
        }

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, "/organiser", organiser);

        var listed = page.Locator($"[data-retention-event='{soonSlug}']");
        await Assertions.Expect(listed).ToContainTextAsync($"Spring assembly ({size}): on {due}, 1 person", new() { Timeout = 15000 });
        await Assertions.Expect(listed.GetByRole(AriaRole.Link, new() { Name = $"CSV of Spring assembly ({size})" })).ToHaveAttributeAsync("href", $"organiser/events/{soonSlug}/attendees.csv");
        await Assertions.Expect(page.Locator($"[data-retention-event='{goneSlug}']")).ToHaveCountAsync(0);
        await CheckAsync(page, "dashboard", size);

        await page.GotoAsync($"/organiser/events/{soonSlug}");
        var notice = page.Locator("[data-retention='due']");
        await Assertions.Expect(notice).ToHaveTextAsync(
            $"Attendees' personal data will be removed on {due} (90 days after the event); sensitive answers (access and dietary needs, and questions marked sensitive) are due to be removed now; download the CSV before then if you need it.",
            new() { Timeout = 15000 });
        await Assertions.Expect(notice).ToHaveClassAsync("notice");
        var removed = page.Locator(".attendee-grid tr").Filter(new() { Has = page.Locator("[data-anonymised]") });
        await Assertions.Expect(removed).ToHaveCountAsync(1);
        await Assertions.Expect(removed).ToContainTextAsync("Removed");
        await Assertions.Expect(removed.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resend to Ada Lovelace" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-figure='confirmed']")).ToHaveTextAsync("2");
        await CheckAsync(page, "attendees", size);

        await page.GotoAsync($"/organiser/events/{goneSlug}");
        await Assertions.Expect(page.Locator("[data-retention='removed']")).ToContainTextAsync("the counts remain", new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("[data-figure='confirmed']")).ToHaveTextAsync("1");
        await CheckAsync(page, "removed", size);

        // The Admin's erasure, from the menu: what the address holds, then gone.
        await page.GetByRole(AriaRole.Link, new() { Name = "Erase a person" }).ClickAsync();
        await page.GetByLabel("Their email address").FillAsync($"ada.{soonSlug}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find what we hold" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-held]")).ToContainTextAsync($"Spring assembly ({size})");
        await CheckAsync(page, "erase-found", size);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Yes, erase everything held for ada.{soonSlug}@example.org" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-erased]")).ToContainTextAsync("Erased 1 registration and");
        await CheckAsync(page, "erased", size);

        // The editor: the days as typed, said wrong beside the field, and the sensitive answers' days with them.
        await page.GotoAsync($"/organiser/events/{soonSlug}/edit");
        var days = page.GetByLabel("Keep attendees' personal data for … days after the event");
        await Assertions.Expect(days).ToBeEnabledAsync(new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("#retain-days-hint")).ToContainTextAsync("default: 90 days, from Privacy:RetainDays");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a question" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Sensitive (health, beliefs…): removed after 14 days")).Not.ToBeCheckedAsync();
        await days.FillAsync("4000");
        await Assertions.Expect(page.Locator("#retain-days-error")).ToHaveTextAsync("Error: Enter a number of days from 0 to 3,650, or leave it empty for the usual time.");
        await Assertions.Expect(days).ToHaveAttributeAsync("aria-invalid", "true");
        await CheckAsync(page, "editor", size);
        await days.FillAsync("7");
        await Assertions.Expect(page.Locator("#retain-days-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Sensitive (health, beliefs…): removed after 7 days")).ToBeVisibleAsync();
    }

    /// <summary>An event people signed up for while it was ahead, since moved to have ended <paramref name="endedDaysAgo"/> days ago.</summary>
    private static async Task<int> PastEventAsync(IServiceProvider services, IDbContextFactory<RegistrationDbContext> dbFactory, string slug, string title, int endedDaysAgo, params string[] names)
    {
        var ev = await TestEvents.AddAsync(dbFactory, slug, null, DateTime.UtcNow.AddDays(10).Date.AddHours(10), d => d with { Title = title });
        await using var scope = services.CreateAsyncScope();
        var signUps = scope.ServiceProvider.GetRequiredService<SignUpService>();
        foreach (var name in names)
        {
            await signUps.SignUpAsync(ev.Id, EventRegistrationTests.Details(name, $"{name.Split(' ')[0].ToLowerInvariant()}.{slug}@example.org"));
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var form = EventForm.From(await db.Events.AsNoTracking().SingleAsync(e => e.Id == ev.Id));
        form.Starts = DateTime.UtcNow.AddDays(-endedDaysAgo).Date.AddHours(10);
        form.Ends = form.Starts.Value.AddHours(2);
        var saved = await scope.ServiceProvider.GetRequiredService<EventEditorService>().SaveAsync(ev.Id, form, MoveNotice.DoNotEmail, OrganiserEmail);
        Assert.True(saved.Outcome == EditOutcome.Saved, saved.Message);
        return ev.Id;
    }
}
