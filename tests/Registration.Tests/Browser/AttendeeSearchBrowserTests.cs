using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Browser;

/// <summary>An organiser searches the door page and the attendee list in Chromium, without typing accents.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AttendeeSearchBrowserTests(BrowserFixture fixture)
{
    private const string Organiser = "search@example.org";
    private static readonly EventQuestion Role = EventQuestion.Create("role", "What do you do?", QuestionKind.Text, null, required: false);

    [Fact]
    public async Task The_door_lists_people_a_to_z_and_both_pages_find_them_without_accents()
    {
        var slug = await PrepareAsync();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, $"/organiser/events/{slug}/door", Organiser);

        // Before anything is typed: the people expected, A to Z whatever their accents or case, those already in marked.
        var names = page.Locator(".door-name");
        await Assertions.Expect(names).ToHaveTextAsync(["bob Jones", "Dávila-Ñúñez, Ana", "émile Zola", "Zoë Ward"], new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("#door-shown")).ToHaveTextAsync("4 people expected, A to Z.");
        await Assertions.Expect(page.Locator(".door-person.is-in .door-name")).ToHaveTextAsync("bob Jones");
        await Assertions.Expect(page.Locator(".door-person.is-in")).ToContainTextAsync("Checked in");
        Assert.Empty(await Axe.ViolationsAsync(page));

        var search = page.Locator("#door-search");
        await search.FillAsync("dav");
        await Assertions.Expect(names).ToHaveTextAsync(["Dávila-Ñúñez, Ana", "Davina Waiting"]);
        await Assertions.Expect(page.Locator(".door-person").Nth(1)).ToContainTextAsync("Waiting list #1");
        await search.FillAsync("NUNEZ");
        await Assertions.Expect(names).ToHaveTextAsync(["Dávila-Ñúñez, Ana"]);
        await search.FillAsync("malaga");
        await Assertions.Expect(names).ToHaveTextAsync(["Dávila-Ñúñez, Ana"]);
        await search.FillAsync("novelist");
        await Assertions.Expect(names).ToHaveTextAsync(["émile Zola"]);
        await search.FillAsync("ÉMILE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check in émile Zola" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Undo check-in for émile Zola" })).ToBeVisibleAsync();
        await search.FillAsync(string.Empty);
        await Assertions.Expect(page.Locator(".door-person.is-in .door-name")).ToHaveTextAsync(["bob Jones", "émile Zola"]);

        await page.GotoAsync($"/organiser/events/{slug}");
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "Zoë Ward", Exact = true })).ToBeVisibleAsync(new() { Timeout = 15000 });

        // Sorted by name as the door lists them: "bob" before "Dave", not after "Zoë" as byte order would have it.
        await page.Locator("th").Filter(new() { HasText = "Name" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".rz-data-row td:first-child")).ToHaveTextAsync(["bob Jones", "Dave Cancelled", "Dávila-Ñúñez, Ana", "Davina Waiting", "émile Zola", "Zoë Ward"]);
        await page.Locator("th").Filter(new() { HasText = "Name" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".rz-data-row td:first-child")).ToHaveTextAsync(["Zoë Ward", "émile Zola", "Davina Waiting", "Dávila-Ñúñez, Ana", "Dave Cancelled", "bob Jones"]);

        await page.Locator("#search").FillAsync("dav");
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "Zoë Ward", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "Dávila-Ñúñez, Ana", Exact = true })).ToBeVisibleAsync();
        await page.Locator("#search").FillAsync("novelist");
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "Dávila-Ñúñez, Ana", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "émile Zola", Exact = true })).ToBeVisibleAsync();
        await page.Locator("#search").FillAsync("universidad de MÁLAGA");
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "émile Zola", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = "Dávila-Ñúñez, Ana", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_door_lists_a_hundred_at_a_time_with_a_button_for_the_rest()
    {
        const string organiser = "search-many@example.org";
        await using var scope = fixture.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync(organiser, OrganiserClient.Password);
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var ev = await TestEvents.AddAsync(dbFactory, "a-full-house", capacity: null, new DateTime(DateTime.UtcNow.Year + 1, 4, 1, 18, 0, 0));
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            for (var n = 105; n >= 1; n--)
            {
                var details = SignUpDetails.Validate(new SignUpInput($"Guest {n:D3}", $"guest{n}@example.org", null, null, null, new Dictionary<string, string?>(), true), [], out _)!;
                db.Registrations.Add(EventRegistration.Create(ev.Id, details, placeAvailable: true, DateTime.UtcNow).Registration);
            }

            await db.SaveChangesAsync();
        }

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, $"/organiser/events/{ev.Slug}/door", organiser);

        var names = page.Locator(".door-name");
        await Assertions.Expect(page.Locator("#door-shown")).ToHaveTextAsync("The first 100 of 105 people expected, A to Z. Type to find anyone.", new() { Timeout = 15000 });
        await Assertions.Expect(names).ToHaveCountAsync(100);
        await Assertions.Expect(names.First).ToHaveTextAsync("Guest 001");
        await Assertions.Expect(names.Last).ToHaveTextAsync("Guest 100");

        await page.GetByRole(AriaRole.Button, new() { Name = "Show 5 more" }).ClickAsync();
        await Assertions.Expect(names).ToHaveCountAsync(105);
        await Assertions.Expect(names.Last).ToHaveTextAsync("Guest 105");
        await Assertions.Expect(page.Locator("#door-shown")).ToHaveTextAsync("105 people expected, A to Z.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show 5 more" })).ToHaveCountAsync(0);

        // Typing starts from the first hundred again.
        await page.Locator("#door-search").FillAsync("guest 10");
        await Assertions.Expect(names).ToHaveTextAsync(["Guest 010", "Guest 100", "Guest 101", "Guest 102", "Guest 103", "Guest 104", "Guest 105"]);
        await Assertions.Expect(page.Locator("#door-shown")).ToHaveTextAsync("7 matches, A to Z.");
    }

    /// <summary>
    /// An organiser account and an event of its own: four people with places (one checked in already), one
    /// waiting and one cancelled, who are not expected at the door.
    /// </summary>
    private async Task<string> PrepareAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync(Organiser, OrganiserClient.Password);
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var ev = await TestEvents.AddAsync(dbFactory, "search-at-the-door", capacity: 4, new DateTime(DateTime.UtcNow.Year + 1, 3, 6, 18, 0, 0), d => d with { Questions = [Role] });
        var signUps = scope.ServiceProvider.GetRequiredService<SignUpService>();
        foreach (var (name, email, organisation, role) in new[]
        {
            ("Zoë Ward", "zoe@example.org", "Acme Ltd", "Engineer"),
            ("Dávila-Ñúñez, Ana", "ana@example.org", "Universidad de Málaga", "Researcher"),
            ("émile Zola", "emile@example.org", (string?)null, "Novelist"),
            ("bob Jones", "bob@example.org", null, null),
            ("Davina Waiting", "davina@example.org", null, null),
            ("Dave Cancelled", "dave@example.org", null, null),
        })
        {
            var details = SignUpDetails.Validate(new SignUpInput(name, email, organisation, null, null, new Dictionary<string, string?> { [Role.Key] = role }, true), [Role], out _)!;
            await signUps.SignUpAsync(ev.Id, details);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        (await db.Registrations.SingleAsync(r => r.EventId == ev.Id && r.Name == "bob Jones")).CheckIn(now, Organiser);
        (await db.Registrations.SingleAsync(r => r.EventId == ev.Id && r.Name == "Dave Cancelled")).Cancel(now, "attendee");
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return ev.Slug;
    }
}
