using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;

namespace Registration.Tests.Features.Organisers;

public sealed class OrganiserAccessTests : IDisposable
{
    private static readonly string[] Open = ["/organiser/sign-in", "/organiser/setup", "/organiser/set-password", "/organiser/forgot-password"];
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Every_organiser_page_and_download_sends_anonymous_visitors_to_sign_in()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? string.Empty).StartsWith("/organiser", StringComparison.Ordinal) && !Open.Contains(e.RoutePattern.RawText))
            .Select(e => (Pattern: e.RoutePattern.RawText!, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]))
            .DistinctBy(r => r.Pattern)
            .ToList();
        Assert.Contains(routes, r => r.Pattern == "/organiser");
        Assert.Contains(routes, r => r.Pattern == "/organiser/events/{slug}/attendees.csv");
        Assert.Contains(routes, r => r.Pattern == "/organiser/check-in/{Code}");

        foreach (var (pattern, methods) in routes)
        {
            var withNumbers = System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}:]+:int}", "1");
            var url = new Uri(System.Text.RegularExpressions.Regex.Replace(withNumbers, "{[^}]+}", "anything"), UriKind.Relative);
            using var response = methods.Contains("GET")
                ? await client.GetAsync(url)
                : await client.PostAsync(url, new FormUrlEncodedContent([]));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{string.Join('/', methods)} {url}: {(int)response.StatusCode}");
            Assert.Equal("/organiser/sign-in", response.Headers.Location?.AbsolutePath);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_five_pause_the_address_from_that_client()
    {
        var client = await OrganiserClient.SignedInAsync(_app, "locked@example.org");
        var fresh = _app.CreateClient();
        string? text = null;
        for (var i = 0; i < 6; i++)
        {
            var page = await HttpPage.GetAsync(fresh, "/organiser/sign-in");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in",
                ["__RequestVerificationToken"] = page.AntiforgeryToken,
                ["Form.Email"] = "locked@example.org",
                ["Form.Password"] = "wrong password " + i,
            });
            using var response = await fresh.PostAsync(new Uri("/organiser/sign-in", UriKind.Relative), form);
            text = new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync()).Text;
            if (i == 0)
            {
                Assert.Contains("The email address or password is not right.", text, StringComparison.Ordinal);
            }
        }

        Assert.Contains("signing in with this address from your network is paused for 15 minutes", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(client, "/organiser")).Status);
    }
}
