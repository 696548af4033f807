using Microsoft.AspNetCore.Identity;
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
/// A live organiser page answers to the session it runs under, at every step: a copied page with no
/// cookie shows nothing, a revoked session's next click does nothing, and roles hold inside the circuit.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OrganiserSessionBrowserTests(BrowserFixture fixture)
{
    private const string SignInHeading = "Sign in to run your events";

    [Fact]
    public async Task A_revoked_session_does_not_check_anyone_in_and_goes_to_sign_in()
    {
        var (slug, person) = await PrepareAsync("revoked@example.org", "Ada Lovelace", "ada@example.org");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, $"organiser/events/{slug}", "revoked@example.org");
        await WaitForLiveAttendeeListAsync(page, person);

        // Signed out elsewhere, a new password, or removed: each changes the account's security stamp.
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Organiser>>();
            await users.UpdateSecurityStampAsync((await users.FindByEmailAsync("revoked@example.org"))!);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = $"Check in {person}" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(SignInHeading, new() { Timeout = 15000 });
        Assert.Equal("/organiser/sign-in", new Uri(page.Url).AbsolutePath);

        Assert.Null(await CheckedInAtAsync(slug, person));
        await using var db = await DbAsync();
        Assert.False(await db.Audit.AnyAsync(a => a.Actor == "revoked@example.org"));
    }

    [Fact]
    public async Task A_copied_attendee_list_opened_without_a_cookie_shows_no_one()
    {
        var (slug, person) = await PrepareAsync("copier@example.org", "Alan Turing", "alan@example.org");
        await using var signedIn = await NewContextAsync();
        var organiserPage = await signedIn.NewPageAsync();
        await SignInAsync(organiserPage, $"organiser/events/{slug}", "copier@example.org");
        var html = await (await signedIn.APIRequest.GetAsync($"organiser/events/{slug}")).TextAsync();

        // The page itself, rows and all, comes only through the circuit, which is what a copy must not get:
        // its HTML is the component descriptor that starts one.
        Assert.DoesNotContain("alan@example.org", html, StringComparison.Ordinal);
        Assert.Contains("<!--Blazor:{\"type\":\"server\"", html, StringComparison.Ordinal);

        // The captured page replayed at the app's own address in a browser that has no cookie: its
        // script starts a circuit from the page's component descriptor, as the real page would.
        await using var stranger = await NewContextAsync();
        var page = await stranger.NewPageAsync();
        var listPath = $"/organiser/events/{slug}";
        await page.RouteAsync(url => new Uri(url).AbsolutePath == listPath, route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = html }));
        await page.GotoAsync(listPath);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(SignInHeading, new() { Timeout = 15000 });
        Assert.Equal($"?ReturnUrl={Uri.EscapeDataString(listPath)}", new Uri(page.Url).Query);
        Assert.DoesNotContain("alan@example.org", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Null(await CheckedInAtAsync(slug, person));
    }

    [Fact]
    public async Task Inside_the_circuit_an_organiser_is_not_shown_the_admin_page_and_public_pages_load_afresh()
    {
        var (slug, person) = await PrepareAsync("helper@example.org", "Katherine Johnson", "katherine@example.org");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, $"organiser/events/{slug}", "helper@example.org");
        await WaitForLiveAttendeeListAsync(page, person);
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(new Uri(request.Url).AbsolutePath);

        // The nav has no link to it for an Organiser; the circuit's router is asked for it directly.
        await page.EvaluateAsync("Blazor.navigateTo('organiser/organisers')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This page is for Admins", new() { Timeout = 15000 });
        Assert.Equal("/organiser/no-access", new Uri(page.Url).AbsolutePath);
        Assert.DoesNotContain("/organiser/organisers", requested);

        // Loaded straight from the server, the page's role check answers the same way.
        await page.GotoAsync("organiser/organisers");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This page is for Admins");

        // Back on a live page, the header's public link leaves the circuit for the server's own page.
        await page.GotoAsync("organiser");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your events");
        requested.Clear();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Events", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Events");
        Assert.Contains("/", requested);
    }

    private async Task<IBrowserContext> NewContextAsync() =>
        await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });

    private static async Task SignInAsync(IPage page, string url, string email)
    {
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(SignInHeading);
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(OrganiserClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).Not.ToHaveTextAsync(SignInHeading, new() { Timeout = 15000 });
    }

    /// <summary>The list is on screen and its circuit is up: the add-someone fields are enabled only then.</summary>
    private static async Task WaitForLiveAttendeeListAsync(IPage page, string person)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = person, Exact = true })).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("#add-email")).ToBeEnabledAsync(new() { Timeout = 15000 });
    }

    private async Task<RegistrationDbContext> DbAsync() =>
        await fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>().CreateDbContextAsync();

    private async Task<DateTime?> CheckedInAtAsync(string slug, string person)
    {
        await using var db = await DbAsync();
        return await db.Registrations.Where(r => r.Event!.Slug == slug && r.Name == person).Select(r => r.CheckedInAtUtc).SingleAsync();
    }

    /// <summary>
    /// An Organiser (not an Admin: an Admin account is made first if there is none) and someone registered
    /// for the next community meeting of the sample data.
    /// </summary>
    private async Task<(string Slug, string Person)> PrepareAsync(string email, string person, string personEmail)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<OrganiserAccounts>();
        if (!await accounts.AnyAsync())
        {
            await accounts.CreateAsync("first-admin@example.org", OrganiserClient.Password, Organiser.AdminRole);
        }

        Assert.Equal(Organiser.OrganiserRole, (await accounts.CreateAsync(email, OrganiserClient.Password)).Role);
        await using var db = await DbAsync();
        var now = DateTime.UtcNow;
        var ev = await db.Events.Where(e => e.SeriesId != null && e.Schedule.StartsAtUtc > now).OrderBy(e => e.Schedule.StartsAtUtc).FirstAsync();
        var details = SignUpDetails.Validate(new SignUpInput(person, personEmail, null, null, null, new Dictionary<string, string?>(), true), [], out _)!;
        var result = await scope.ServiceProvider.GetRequiredService<SignUpService>().SignUpAsync(ev.Id, details);
        Assert.Equal(SignUpOutcome.Confirmed, result.Outcome);
        return (ev.Slug, person);
    }
}
