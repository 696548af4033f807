using System.Net;
using Registration.Tests.Support;

namespace Registration.Tests.Infrastructure;

/// <summary>
/// The app's own process behind a TLS proxy on the same machine (the test plays the proxy, from 127.0.0.1):
/// forwarded headers count only when they come from an address in Registration:TrustedProxies.
/// </summary>
public sealed class ProxyTests(ProxyTests.Servers servers) : IClassFixture<ProxyTests.Servers>
{
    private const string PublicHost = "events.example.org";

    [Fact]
    public async Task Https_from_a_trusted_proxy_gives_secure_cookies_hsts_and_https_redirects()
    {
        var (exit, output) = await AppProcess.RunAsync(servers.Trusted.Folder, OrganiserClient.Password + "\n", "organiser", "add", "ada@example.org");
        Assert.True(exit == 0, output);
        using var client = servers.Trusted.CreateClient();

        using var challenge = await client.SendAsync(Proxied(HttpMethod.Get, "/organiser", "203.0.113.10"));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith($"https://{PublicHost}/organiser/sign-in", challenge.Headers.Location?.AbsoluteUri, StringComparison.Ordinal);
        Assert.True(challenge.Headers.Contains("Strict-Transport-Security"));

        using var signInPage = await client.SendAsync(Proxied(HttpMethod.Get, "/organiser/sign-in", "203.0.113.10"));
        var antiforgery = Assert.Single(SetCookies(signInPage), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.True(signInPage.Headers.Contains("Strict-Transport-Security"));

        var page = new HttpPage(signInPage.StatusCode, await signInPage.Content.ReadAsStringAsync());
        var signIn = Proxied(HttpMethod.Post, "/organiser/sign-in", "203.0.113.10");
        signIn.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        signIn.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = page.AntiforgeryToken,
            ["Form.Email"] = "ada@example.org",
            ["Form.Password"] = OrganiserClient.Password,
        });
        using var signedIn = await client.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal($"https://{PublicHost}/organiser", signedIn.Headers.Location?.AbsoluteUri);
        var organiser = Assert.Single(SetCookies(signedIn), c => c.StartsWith("registration.organiser=", StringComparison.Ordinal));
        Assert.Contains("; secure", organiser, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Each_client_behind_a_trusted_proxy_has_its_own_rate_limit()
    {
        using var client = servers.Trusted.CreateClient();
        for (var i = 0; i < Servers.ManageLimit; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await ManageAsync(client, "198.51.100.1"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await ManageAsync(client, "198.51.100.1"));

        // A client that sends its own X-Forwarded-For (naming the exhausted 198.51.100.1) through the proxy,
        // which appends the address it sees: only the proxy's entry counts.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await ManageAsync(client, "198.51.100.1, 198.51.100.2"));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_address_are_ignored()
    {
        using var client = servers.Untrusted.CreateClient();

        using var challenge = await client.SendAsync(Proxied(HttpMethod.Get, "/organiser", "203.0.113.10"));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith($"http://{PublicHost}/organiser/sign-in", challenge.Headers.Location?.AbsoluteUri, StringComparison.Ordinal);
        Assert.False(challenge.Headers.Contains("Strict-Transport-Security"));

        using var signInPage = await client.SendAsync(Proxied(HttpMethod.Get, "/organiser/sign-in", "203.0.113.10"));
        var antiforgery = Assert.Single(SetCookies(signInPage), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        // Every made-up client address lands in the one bucket of the real client, 127.0.0.1.
        for (var i = 0; i < Servers.ManageLimit; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await ManageAsync(client, $"198.51.100.{i + 1}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await ManageAsync(client, "198.51.100.99"));
    }

    private static async Task<HttpStatusCode> ManageAsync(HttpClient client, string forwardedFor)
    {
        using var response = await client.SendAsync(Proxied(HttpMethod.Get, "/manage?token=not-a-token", forwardedFor));
        return response.StatusCode;
    }

    /// <summary>A request as a TLS proxy passes it on: the public host, the visitor's address and scheme in forwarded headers.</summary>
    private static HttpRequestMessage Proxied(HttpMethod method, string path, string forwardedFor)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Host = PublicHost;
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    /// <summary>Two processes: one that trusts the test (127.0.0.1) as its proxy, one that trusts only 10.0.0.0/8.</summary>
    public sealed class Servers : IAsyncLifetime
    {
        public const int ManageLimit = 3;

        public AppServer Trusted { get; private set; } = null!;

        public AppServer Untrusted { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var trusted = AppServer.StartAsync(Settings("127.0.0.1"));
            var untrusted = AppServer.StartAsync(Settings("10.0.0.0/8"));
            Trusted = await trusted;
            Untrusted = await untrusted;
        }

        public async Task DisposeAsync()
        {
            await Trusted.DisposeAsync();
            await Untrusted.DisposeAsync();
        }

        private static Dictionary<string, string> Settings(string trustedProxies) => new()
        {
            ["Registration:TrustedProxies"] = trustedProxies,
            ["Registration:PublicBaseUrl"] = $"https://{PublicHost}",
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:ManageRequestsPerMinute"] = ManageLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
