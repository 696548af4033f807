using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Browser;

/// <summary>
/// The live editor sends a field's whole text as it changes: a long description (the archive has pages of
/// 35,000 characters) must reach the server and be saved, not drop the connection and lose the typing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LongDescriptionBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_description_of_forty_thousand_characters_typed_in_the_editor_is_saved()
    {
        const string slug = "long-description";
        var dbFactory = fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        await TestEvents.AddAsync(dbFactory, slug, 20, DateTime.UtcNow.AddDays(30).Date.AddHours(10));
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync("long@example.org", OrganiserClient.Password);
        }

        await using var organiser = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await organiser.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, $"/organiser/events/{slug}/edit", "long@example.org");
        var description = page.GetByLabel("Description (markdown)");
        await Assertions.Expect(description).ToBeEnabledAsync(new() { Timeout = 15000 });

        // Accented letters take two bytes each: about 80 KB on the wire, well past SignalR's default 32 KB.
        var text = string.Join("\n\n", Enumerable.Range(1, 800).Select(i => $"Paragraph {i:D3}: café, naïve, Ñúñez and Brasília, all here."));
        Assert.True(text.Length > 40_000, $"{text.Length} characters");
        await description.FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToHaveCountAsync(1, new() { Timeout = 15000 });

        await using var db = await dbFactory.CreateDbContextAsync();
        Assert.Equal(text, (await db.Events.SingleAsync(e => e.Slug == slug)).Description);
    }
}
