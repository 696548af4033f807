using Microsoft.Playwright;
using Registration.Tests.Support;

namespace Registration.Tests.Browser;

/// <summary>An organiser signing in as a person does: opening an organiser page, then the sign-in form it leads to.</summary>
public static class BrowserSignIn
{
    public static async Task SignInAsync(IPage page, string url, string email)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(url);
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(OrganiserClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
