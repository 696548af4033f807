using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Privacy;

/// <summary>The Admin's "Erase a person" page over HTTP: what it finds for an address, the erasure, and that nobody else may use it.</summary>
public sealed class ErasePersonPageTests(ErasePersonPageTests.App app) : IClassFixture<ErasePersonPageTests.App>
{
    [Fact]
    public async Task An_admin_sees_what_an_address_holds_confirms_and_everything_goes_with_the_place_passed_on()
    {
        var full = await TestEvents.AddAsync(app.Factory.DbFactory, "erase-full", capacity: 1, new DateTime(2025, 7, 1, 10, 0, 0), d => d with { Title = "Full workshop" });
        var other = await TestEvents.AddAsync(app.Factory.DbFactory, "erase-other", capacity: null, new DateTime(2025, 8, 1, 10, 0, 0), d => d with { Title = "Summer meetup" });
        await app.SignUpAsync(full.Id, "Ada Lovelace", "ada@example.org");
        await app.SignUpAsync(full.Id, "Bob Waiting", "bob@example.org");
        await app.SignUpAsync(other.Id, "Ada L.", "ADA@Example.org");
        int emails;
        await using (var db = await app.Factory.DbFactory.CreateDbContextAsync())
        {
            emails = (await db.Outbox.Select(m => m.ToAddress).ToListAsync()).Count(a => a.Equals("ada@example.org", StringComparison.OrdinalIgnoreCase));
        }

        Assert.True(emails >= 2, $"{emails} emails queued for Ada");

        var found = await app.PostAsync(app.Admin, " Ada@example.org ");
        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Contains("Held for Ada@example.org", found.Text, StringComparison.Ordinal);
        Assert.Contains($"2 registrations and {emails} emails sent to it.", found.Text, StringComparison.Ordinal);
        Assert.Contains("Full workshop , Tuesday 1 July 2025: has a place", found.Text, StringComparison.Ordinal);
        Assert.Contains("Summer meetup , Friday 1 August 2025: has a place", found.Text, StringComparison.Ordinal);
        Assert.Contains("Yes, erase everything held for Ada@example.org", found.Text, StringComparison.Ordinal);

        // A confirmation for an address other than the one in the field only looks again.
        var changed = await app.PostAsync(app.Admin, "grace@example.org", step: "erase", shown: "Ada@example.org");
        Assert.Contains("Held for grace@example.org", changed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Erased", changed.Text, StringComparison.Ordinal);

        var erased = await app.PostAsync(app.Admin, "Ada@example.org", step: "erase", shown: "Ada@example.org");
        Assert.Contains($"Erased 2 registrations and {emails} emails held for Ada@example.org.", erased.Text, StringComparison.Ordinal);

        await using (var db = await app.Factory.DbFactory.CreateDbContextAsync())
        {
            var registrations = await db.Registrations.AsNoTracking().Where(r => r.EventId == full.Id || r.EventId == other.Id).ToListAsync();
            Assert.DoesNotContain(registrations, r => r.Name.Contains("Ada", StringComparison.Ordinal) || r.Email.Contains("ada", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(2, registrations.Count(r => r.IsAnonymised));
            Assert.Equal(RegistrationStatus.Confirmed, registrations.Single(r => r.Name == "Bob Waiting").Status);
            var audit = await db.Audit.AsNoTracking().Where(a => a.Action == "erase personal data").ToListAsync();
            Assert.NotEmpty(audit);
            Assert.All(audit, a => Assert.Equal(App.AdminEmail, a.Actor));
            Assert.DoesNotContain(audit, a => (a.Details ?? string.Empty).Contains("ada", StringComparison.OrdinalIgnoreCase));
        }

        // Asked again, the address holds nothing, and erasing it says so.
        Assert.Contains("Nothing is held for this address: no registration and no email.", (await app.PostAsync(app.Admin, "ada@example.org")).Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was held for ada@example.org, so nothing was erased.", (await app.PostAsync(app.Admin, "ada@example.org", step: "erase", shown: "ada@example.org")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Enter the email address of the person to erase.")]
    [InlineData("   ", "Enter the email address of the person to erase.")]
    [InlineData("not an address", "Enter an email address, like name@example.org.")]
    public async Task A_missing_or_impossible_address_is_said_beside_the_field(string typed, string problem)
    {
        foreach (var step in new[] { "look", "erase" })
        {
            var page = await app.PostAsync(app.Admin, typed, step, shown: typed);
            Assert.True(page.Status == HttpStatusCode.OK, page.Html);
            Assert.Contains($"Error: {problem}", page.Text, StringComparison.Ordinal);
            Assert.Contains("aria-invalid=\"true\"", page.Html, StringComparison.Ordinal);
        }

        var tooLong = await app.PostAsync(app.Admin, new string('a', 400) + "@example.org");
        Assert.Contains("Enter an email address, like name@example.org.", tooLong.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_sees_the_page_or_its_link_and_an_organisers_post_erases_nothing()
    {
        var adminPage = await HttpPage.GetAsync(app.Admin, "/organiser/erase");
        Assert.Equal(HttpStatusCode.OK, adminPage.Status);
        Assert.Contains("href=\"organiser/erase\"", adminPage.Html, StringComparison.Ordinal);

        var ev = await TestEvents.AddAsync(app.Factory.DbFactory, "erase-refused", capacity: null, new DateTime(2025, 9, 1, 10, 0, 0));
        await app.SignUpAsync(ev.Id, "Grace Hopper", "grace@example.org");

        using var response = await app.Organiser.GetAsync(new Uri("/organiser/erase", UriKind.Relative));
        Assert.Equal("/organiser/no-access", response.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.DoesNotContain("organiser/erase", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Even with a token from a page it may open, an organiser's post is refused before the page runs.
        var posted = await app.PostAsync(app.Organiser, "grace@example.org", step: "erase", shown: "grace@example.org", antiforgeryFrom: "/organiser/no-access");
        Assert.Equal("/organiser/no-access", posted.Path);
        Assert.DoesNotContain("Erased", posted.Text, StringComparison.Ordinal);
        await using var db = await app.Factory.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Registrations.AnyAsync(r => r.EventId == ev.Id && r.AnonymisedAtUtc != null));
    }

    /// <summary>A posted form's answer, and where it ended after redirects.</summary>
    public sealed record Posted(HttpStatusCode Status, string Html, string? Path)
    {
        public string Text => new HttpPage(Status, Html).Text;
    }

    /// <summary>One app for the class, with its first account (so an Admin) and an organiser signed in.</summary>
    public sealed class App : IAsyncLifetime
    {
        public const string AdminEmail = "admin@example.org";

        public RegistrationAppFactory Factory { get; } = new(seedSampleData: false);

        public HttpClient Admin { get; private set; } = null!;

        public HttpClient Organiser { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Admin = await OrganiserClient.SignedInAsync(Factory, AdminEmail);
            Organiser = await OrganiserClient.SignedInAsync(Factory, "organiser@example.org");
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }

        public async Task SignUpAsync(int eventId, string name, string email)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var details = SignUpDetails.Validate(new SignUpInput(name, email, null, null, null, new Dictionary<string, string?>(), true), [], out var errors);
            Assert.True(details is not null, string.Join(" ", errors.Values));
            await scope.ServiceProvider.GetRequiredService<SignUpService>().SignUpAsync(eventId, details);
        }

        /// <summary>Posts the page's form as a browser would, with the button pressed, with the token of the page it came from.</summary>
        public async Task<Posted> PostAsync(HttpClient client, string email, string step = "look", string? shown = null, string antiforgeryFrom = "/organiser/erase")
        {
            var page = await HttpPage.GetAsync(client, antiforgeryFrom);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "erase-person",
                ["__RequestVerificationToken"] = page.AntiforgeryToken,
                ["Form.Email"] = email,
                ["Form.Step"] = step,
                ["Form.Shown"] = shown ?? string.Empty,
            });
            using var response = await client.PostAsync(new Uri("/organiser/erase", UriKind.Relative), form);
            return new Posted(response.StatusCode, await response.Content.ReadAsStringAsync(), response.RequestMessage?.RequestUri?.AbsolutePath);
        }
    }
}
