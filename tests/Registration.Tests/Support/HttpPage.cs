using System.Net;
using System.Text.RegularExpressions;

namespace Registration.Tests.Support;

/// <summary>A fetched page: its status, raw HTML, and its visible text with entities decoded.</summary>
public sealed partial record HttpPage(HttpStatusCode Status, string Html)
{
    public string Text => WebUtility.HtmlDecode(Spaces().Replace(Tags().Replace(Html, " "), " "));

    /// <summary>The antiforgery token of the page's form, as a browser would post it back.</summary>
    public string AntiforgeryToken => TokenField().Match(Html) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("The page has no form with an antiforgery token.");

    public static async Task<HttpPage> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
