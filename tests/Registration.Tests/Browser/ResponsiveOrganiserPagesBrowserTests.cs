using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Privacy;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Browser;

/// <summary>
/// Every organiser page, on a phone (390×844) and a desktop (1280×800), with an event whose attendees have
/// 200-character names, emails and organisations, with and without spaces: nothing is wider than the screen
/// and axe finds nothing against WCAG 2.2 A and AA. Set REGISTRATION_SCREENSHOTS to a folder (relative to the
/// repository, e.g. docs/images) to write each page's screenshot there as PAGE-SIZE.png. The public pages that
/// show an attendee's name or the event's title are held to the same.
/// </summary>
public sealed class ResponsiveOrganiserPagesBrowserTests(ResponsiveOrganiserPagesBrowserTests.Pages pages) : IClassFixture<ResponsiveOrganiserPagesBrowserTests.Pages>
{
    private const string Admin = "responsive@example.org";

    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 800)]
    public async Task Every_organiser_page_fits_the_screen_and_passes_axe(string size, int width, int height)
    {
        var fixture = pages.Browser;
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        foreach (var visit in SignedOutPages.Concat(PublicPages(pages.Slug, pages.ManageToken)))
        {
            await CheckAsync(page, visit, size, problems);
        }

        await BrowserSignIn.SignInAsync(page, "/organiser/sign-in", Admin);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your events", new() { Timeout = 15000 });
        foreach (var visit in SignedInPages(pages.Slug, pages.CheckInCode))
        {
            await CheckAsync(page, visit, size, problems);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>The pages before signing in.</summary>
    private static readonly Visit[] SignedOutPages =
    [
        new("organiser-sign-in", "organiser/sign-in", "h1"),
        new("organiser-forgot-password", "organiser/forgot-password", "h1"),
        new("organiser-set-password", "organiser/set-password", "h1"),
        // With an organiser already there, the setup link is spent: a 404 page saying so.
        new("organiser-setup", "organiser/setup", "h1", Status: 404),
    ];

    /// <summary>The public pages that show the event's long title, or an attendee's long name to them.</summary>
    private static Visit[] PublicPages(string slug, string manageToken) =>
    [
        new("public-event", $"events/{slug}", "h1"),
        new("public-manage", ManageLinks.ManagePath(manageToken), "h1"),
        new("public-cancel", ManageLinks.CancelPath(manageToken), "h1"),
        new("public-privacy", "privacy", "h1"),
    ];

    /// <summary>
    /// Every organiser page an Admin opens, each with what shows it has loaded (for live pages, something
    /// only the circuit renders or enables). A new organiser page belongs here.
    /// </summary>
    private static Visit[] SignedInPages(string slug, string checkInCode) =>
    [
        new("organiser-dashboard", "organiser", ".day-chart-bars li"),
        new("organiser-events", "organiser/events", ".event-row"),
        new("organiser-new", "organiser/events/new", "#title:enabled"),
        new("organiser-editor", $"organiser/events/{slug}/edit", "#title:enabled"),
        new("organiser-attendees", $"organiser/events/{slug}", ".rz-pager-page >> nth=1"),
        new("organiser-door", $"organiser/events/{slug}/door", "#door-search:enabled"),
        new("organiser-check-in", CheckInCodes.CheckInPath(checkInCode), ".door-button"),
        new("organiser-email", $"organiser/events/{slug}/email", "h1"),
        new("organiser-notifications", $"organiser/events/{slug}/notifications", "h1"),
        new("organiser-not-found", "organiser/events/no-such-event", "h1", Status: 404),
        new("organiser-organisers", "organiser/organisers", "#invite-email:enabled"),
        new("organiser-audit", "organiser/audit", "td"),
        new("organiser-erase", "organiser/erase", "#erase-email"),
        new("organiser-no-access", "organiser/no-access", "h1"),
    ];

    private static async Task CheckAsync(IPage page, Visit visit, string size, List<string> problems)
    {
        var response = await page.GotoAsync(visit.Path);
        if (response?.Status != visit.Status)
        {
            problems.Add($"{visit.Name} ({size}): answered {response?.Status}");
            return;
        }

        await Assertions.Expect(page.Locator(visit.Ready).First).ToBeVisibleAsync(new() { Timeout = 15000 });
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (widths[0] > widths[1])
        {
            problems.Add($"{visit.Name} ({size}): the page is {widths[0]} px wide on a {widths[1]} px screen");
        }

        // Anything reaching past the screen's edges, unless a box that scrolls or clips holds it, or it is the skip link waiting off screen.
        var outside = await page.EvaluateAsync<string[]>("""
            () => {
                const width = document.documentElement.clientWidth;
                const held = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) { if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
                return [...document.body.querySelectorAll('*')]
                    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 1 && (r.right > width + 0.5 || r.left < -0.5); })
                    .filter(el => !el.matches('.skip-link') && !held(el))
                    .slice(0, 5)
                    .map(el => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().left)} to ${Math.round(el.getBoundingClientRect().right)} px)`);
            }
            """);
        if (outside.Length > 0)
        {
            problems.Add($"{visit.Name} ({size}): past the screen's edge: {string.Join(", ", outside)}");
        }

        foreach (var violation in await Axe.ViolationsAsync(page))
        {
            problems.Add($"{visit.Name} ({size}): {violation}");
        }

        if (Environment.GetEnvironmentVariable("REGISTRATION_SCREENSHOTS") is { Length: > 0 } folder)
        {
            var path = Path.Combine(RepositoryPaths.Root, folder, $"{visit.Name}-{size}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
    }

    private sealed record Visit(string Name, string Path, string Ready, int Status = 200);

    /// <summary>The app, Chromium, an Admin, and an event of long names, made once for both screen sizes.</summary>
    public sealed class Pages : IAsyncLifetime
    {
        public BrowserFixture Browser { get; } = new();

        public string Slug { get; private set; } = string.Empty;

        public string CheckInCode { get; private set; } = string.Empty;

        public string ManageToken { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            await Browser.InitializeAsync();
            await using var scope = Browser.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var accounts = services.GetRequiredService<OrganiserAccounts>();
            Assert.True((await accounts.CreateAsync(Admin, OrganiserClient.Password, Organiser.AdminRole)).Succeeded);
            Assert.True((await accounts.InviteAsync($"{new string('o', 64)}@{new string('e', 120)}.example.org", Organiser.OrganiserRole)).Succeeded);

            var dbFactory = services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
            var question = EventQuestion.Create("diet", "Anything we should know about what you eat, " + new string('e', 100), QuestionKind.SingleChoice, ["None", new string('V', 150)], required: false);
            var ev = await TestEvents.AddAsync(dbFactory, "long-names", capacity: 4, new DateTime(DateTime.UtcNow.Year + 1, 5, 7, 18, 0, 0), d => d with
            {
                Title = "Names of every length: " + string.Concat(Enumerable.Repeat("Supercalifragilistic", 8)),
                Questions = [question],
            });
            Slug = ev.Slug;

            var signUps = services.GetRequiredService<SignUpService>();
            var people = new (string Name, string Email, string? Organisation, string? AccessNeeds)[]
            {
                (Long("Bartholomew"), Long("x", 188) + "@example.org", Long("Organisation"), "Step-free access, please"),
                (Long("Maria del Carmen de los Santos "), "maria." + Long("carmen", 150) + "@example.org", Long("The Institute for Long Names and Very Verbose Titles "), Long("A seat near the front, as I hear better there ")),
                ("Grace Hopper", "grace@example.org", null, null),
                ("Dávila-Ñúñez, Ana", "ana@example.org", "Universidad de Málaga", null),
                (Long("W"), Long("w", 100) + "@" + Long("d", 120) + ".org", null, null),
                ("Zoë Ward", "zoe@example.org", "Acme", null),
            }.Concat(Enumerable.Range(1, 20).Select(n => ($"Guest {n:D2}", $"guest{n}@example.org", (string?)null, (string?)null))); // Enough to need the list's pager.
            foreach (var (name, email, organisation, access) in people)
            {
                var details = SignUpDetails.Validate(new SignUpInput(name, email, organisation, access, null, new Dictionary<string, string?>(), true), [question], out var errors);
                Assert.True(details is not null, string.Join(" ", errors.Values));
                await signUps.SignUpAsync(ev.Id, details);
            }

            await using var db = await dbFactory.CreateDbContextAsync();
            var ids = await db.Registrations.Where(r => r.EventId == ev.Id).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();

            // Something in every column: a check-in (also in the audit log, with its long name), and notes.
            var actions = services.GetRequiredService<AttendeeActions>();
            await actions.CheckInAsync(ids[1], Admin);
            await actions.SetNotesAsync(ids[0], Long("Notes"), Admin);

            // Someone whose data went: a row without a name, an address or actions.
            await services.GetRequiredService<PersonalData>().EraseRegistrationAsync(ids[^1], Admin);
            var first = await db.Registrations.SingleAsync(r => r.Id == ids[0]);
            CheckInCode = services.GetRequiredService<CheckInCodes>().CodeFor(first);
            ManageToken = first.IssueManageToken(DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        public Task DisposeAsync() => Browser.DisposeAsync();

        /// <summary>The words repeated to 200 characters (or another length): a name as long as the app takes.</summary>
        private static string Long(string words, int length = EventRegistration.MaxNameLength) =>
            string.Concat(Enumerable.Repeat(words, (length / words.Length) + 1))[..length].Trim();
    }
}
