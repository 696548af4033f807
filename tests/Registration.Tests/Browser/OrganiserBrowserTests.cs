using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Browser;

/// <summary>An organiser signs in, opens the attendee list, checks someone in and downloads the CSV, in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OrganiserBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Sign_in_open_the_attendee_list_check_someone_in_and_download_the_csv()
    {
        var (slug, person) = await PrepareAsync();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString(), AcceptDownloads = true });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/organiser/events/{slug}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to run your events");
        await page.GetByLabel("Email address").FillAsync("door@example.org");
        await page.GetByLabel("Password").FillAsync(OrganiserClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Gridcell, new() { Name = person, Exact = true })).ToBeVisibleAsync(new() { Timeout = 15000 });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Check in {person}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Undo check-in for {person}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-figure=checked-in]")).Not.ToHaveTextAsync("0");
        Assert.Empty(await Axe.ViolationsAsync(page));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download attendees (CSV)" }).ClickAsync());
        Assert.Matches($"^{slug}-attendees-\\d{{4}}-\\d{{2}}-\\d{{2}}\\.csv$", download.SuggestedFilename);
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var line = System.Text.Encoding.UTF8.GetString(bytes).Split("\r\n").Single(l => l.StartsWith(person, StringComparison.Ordinal));
        Assert.Matches(@",Confirmed,,\d{4}-\d{2}-\d{2} \d{2}:\d{2},\d{4}-\d{2}-\d{2} \d{2}:\d{2},", line);

        // The door page, as a phone at the entrance would use it: undo the check-in from there.
        await page.GotoAsync($"/organiser/events/{slug}/door");
        await page.Locator("#door-search").FillAsync("Grace");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Undo check-in for {person}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Check in {person}" })).ToBeVisibleAsync();
        Assert.Empty(await Axe.ViolationsAsync(page));
    }

    /// <summary>An organiser account and someone registered for the next community meeting (the sample data).</summary>
    private async Task<(string Slug, string Person)> PrepareAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync("door@example.org", OrganiserClient.Password);
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var ev = await db.Events.Where(e => e.SeriesId != null && e.Schedule.StartsAtUtc > now).OrderBy(e => e.Schedule.StartsAtUtc).FirstAsync();
        const string person = "Grace Hopper";
        var details = SignUpDetails.Validate(new SignUpInput(person, "grace@example.org", null, "Step-free access", null, new Dictionary<string, string?>(), true), [], out _)!;
        var result = await scope.ServiceProvider.GetRequiredService<SignUpService>().SignUpAsync(ev.Id, details);
        Assert.Equal(SignUpOutcome.Confirmed, result.Outcome);
        return (ev.Slug, person);
    }
}
