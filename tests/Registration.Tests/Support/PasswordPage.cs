using System.Net;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Support;

/// <summary>The set-password page that invitation and reset links open, used as a browser would.</summary>
public static class PasswordPage
{
    public static string Link(string email, string token) =>
        $"/organiser/set-password?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";

    /// <summary>Opens the link and, when it offers the form, sends it; gives the page that ends up shown.</summary>
    public static async Task<HttpPage> SetAsync(HttpClient client, string link, string password, string? confirm = null)
    {
        var page = await HttpPage.GetAsync(client, link);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        if (page.Text.Contains(OrganiserAccounts.LinkDoesNotWork, StringComparison.Ordinal))
        {
            // A link that does not work says so as it opens, with no form to fill in.
            Assert.DoesNotContain("<form", page.Html, StringComparison.Ordinal);
            return page;
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "set-password",
            ["__RequestVerificationToken"] = page.AntiforgeryToken,
            ["Form.Password"] = password,
            ["Form.Confirm"] = confirm ?? password,
        });
        using var response = await client.PostAsync(new Uri(link, UriKind.Relative), form);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
