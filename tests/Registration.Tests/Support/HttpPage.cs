using System.Net;
using System.Text.RegularExpressions;

namespace Registration.Tests.Support;

/// <summary>A fetched page: its status, raw HTML, and its visible text with entities decoded.</summary>
public sealed partial record HttpPage(HttpStatusCode Status, string Html)
{
    public string Text => WebUtility.HtmlDecode(Spaces().Replace(Tags().Replace(Html, " "), " "));

    public static async Task<HttpPage> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
