using System.Text.RegularExpressions;

namespace Registration.Tests.Support;

/// <summary>
/// Signs up through the real form path: fetches the form page (and with it the antiforgery cookie and
/// token), then posts the form fields as a browser would.
/// </summary>
public sealed partial class SignUpClient(HttpClient client)
{
    public HttpClient Client => client;

    public static Dictionary<string, string> Fields(string name, string email, bool consent = true)
    {
        var fields = new Dictionary<string, string> { ["Form.Name"] = name, ["Form.Email"] = email };
        if (consent)
        {
            fields["Form.Consent"] = "true";
        }

        return fields;
    }

    public async Task<string> TokenAsync(string slug)
    {
        var page = await HttpPage.GetAsync(client, $"/events/{slug}/register");
        return page.AntiforgeryToken;
    }

    public async Task<HttpPage> PostAsync(string slug, IReadOnlyDictionary<string, string> fields, string? token = null)
    {
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = "sign-up",
            ["__RequestVerificationToken"] = token ?? await TokenAsync(slug),
        };
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync(new Uri($"/events/{slug}/register", UriKind.Relative), content);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static string? Status(HttpPage page) => StatusAttribute().Match(page.Html) is { Success: true } m ? m.Groups[1].Value : null;

    public static int? WaitlistPosition(HttpPage page) =>
        WaitlistAttribute().Match(page.Html) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;


    [GeneratedRegex("data-registration-status=\"([a-z-]+)\"")]
    private static partial Regex StatusAttribute();

    [GeneratedRegex("data-waitlist-position=\"(\\d+)\"")]
    private static partial Regex WaitlistAttribute();
}
