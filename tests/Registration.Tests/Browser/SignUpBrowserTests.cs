using Microsoft.Playwright;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Browser;

/// <summary>A person signs up for the next community meeting in Chromium, then cancels from their link.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignUpBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Sign_up_fix_a_mistake_see_the_result_and_cancel_from_the_emailed_link()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Data and AI public engagement: Community of Practice" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Register for");
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GetByLabel("Full name").FillAsync("Siân Ó Dálaigh");
        await page.GetByLabel("Email address").FillAsync("sian@example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Enter an email address in the correct format");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Tick the box");
        Assert.Equal("Siân Ó Dálaigh", await page.GetByLabel("Full name").InputValueAsync());
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GetByLabel("Email address").FillAsync("sian@example.org");
        await page.GetByLabel("I agree").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-registration-status]")).ToHaveAttributeAsync("data-registration-status", "confirmed");
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GotoAsync(ManageLinks.ManagePath(await fixture.Mail.ManageTokenForAsync("sian@example.org")));
        await Assertions.Expect(page.Locator("h2#status-title")).ToHaveTextAsync("You're registered");
        Assert.Empty(await Axe.ViolationsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel my registration" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Cancel your registration?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel my registration" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-registration-status]")).ToHaveAttributeAsync("data-registration-status", "cancelled");
    }
}
