using Microsoft.Playwright;

namespace Registration.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class PublicPagesBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_visitor_goes_from_home_to_an_event_page_and_both_pass_axe()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();

        var home = await page.GotoAsync("/");
        Assert.Equal(200, home!.Status);
        Assert.Equal("Events", await page.Locator("h1").InnerTextAsync());
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = "Power and participation in public tech" }).ClickAsync();
        await page.WaitForURLAsync("**/events/2026-03-06-conference");

        // Enhanced navigation may change the address a moment before it swaps the content.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Power and participation in public tech");
        var facts = await page.Locator(".event-facts").InnerTextAsync();
        Assert.Contains("Friday 6 March 2026, 10:00–17:00 UK time", facts, StringComparison.Ordinal);
        Assert.Contains("Manchester (venue TBC)", facts, StringComparison.Ordinal);
        Assert.Empty(await Axe.ViolationsAsync(page));
    }

    [Fact]
    public async Task The_skip_link_is_the_first_stop_for_keyboard_users()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/events/2025-07-09-community-of-practice");

        await page.Keyboard.PressAsync("Tab");

        Assert.Equal("Skip to main content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        Assert.Empty(await Axe.ViolationsAsync(page));
    }

    [Fact]
    public async Task The_accessibility_check_does_report_a_broken_page()
    {
        var page = await fixture.Browser.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html><head><title>t</title></head><body><img src=\"x.png\"><a href=\"/\"></a></body></html>");

        var violations = await Axe.ViolationsAsync(page);

        Assert.Contains(violations, v => v.StartsWith("image-alt", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("link-name", StringComparison.Ordinal));
    }
}
