using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registration.Tests.Support;
using Registration.Web;

namespace Registration.Tests.Infrastructure;

/// <summary>
/// The headers every answer carries, pages answering HEAD, and the page a form gets when it fails its
/// antiforgery check, over HTTP; the missing Server header and HEAD's empty body on a real Kestrel.
/// </summary>
public sealed partial class SecurityHeadersTests(SecurityHeadersTests.App app) : IClassFixture<SecurityHeadersTests.App>
{
    private const string Event = "2026-03-06-conference";

    /// <summary>An event taking sign-ups, added for these tests.</summary>
    private const string Open = "open-for-headers";

    private readonly App _app = app;

    [Fact]
    public async Task A_page_from_the_cache_an_organiser_page_a_404_a_static_file_and_a_form_refusal_all_carry_them()
    {
        var client = _app.CreateClient();
        using (await client.GetAsync(new Uri($"/events/{Event}", UriKind.Relative)))
        {
        }

        using var cached = await client.GetAsync(new Uri($"/events/{Event}", UriKind.Relative));
        Assert.True(cached.Headers.Age.HasValue, "served from the page cache");
        ExpectedHeaders.Assert(cached);
        Assert.Equal(["SAMEORIGIN"], cached.Headers.GetValues("X-Frame-Options"));

        using var missing = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        ExpectedHeaders.Assert(missing);

        using var css = await client.GetAsync(new Uri("/app.css", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        ExpectedHeaders.Assert(css);

        using var refused = await PostAsync(client, "/organiser/sign-in", new() { ["_handler"] = "sign-in" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        ExpectedHeaders.Assert(refused, referrerPolicy: "no-referrer");

        var organiser = await OrganiserClient.SignedInAsync(_app, "headers@example.org");
        using var dashboard = await organiser.GetAsync(new Uri("/organiser", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        ExpectedHeaders.Assert(dashboard);
    }

    [Fact]
    public async Task A_page_that_asks_for_no_referrer_keeps_it()
    {
        using var manage = await _app.CreateClient().GetAsync(new Uri("/manage?token=not-a-real-token", UriKind.Relative));
        ExpectedHeaders.Assert(manage, referrerPolicy: "no-referrer");
    }

    [Fact]
    public async Task A_refused_request_from_the_rate_limiter_carries_them()
    {
        using var limited = new RegistrationAppFactory(seedSampleData: false, settings: new Dictionary<string, string>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:ManageRequestsPerMinute"] = "1",
        });
        var client = limited.CreateClient();
        using (await client.GetAsync(new Uri("/manage?token=a", UriKind.Relative)))
        {
        }

        using var refused = await client.GetAsync(new Uri("/manage?token=b", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        ExpectedHeaders.Assert(refused);
    }

    [Fact]
    public async Task Framing_follows_the_setting_and_a_setting_that_would_break_the_policy_stops_the_start()
    {
        using (var framed = new RegistrationAppFactory(seedSampleData: false, settings: new Dictionary<string, string>
        {
            ["Registration:FrameAncestors"] = "'self' https://intranet.example.org",
        }))
        {
            using var home = await framed.CreateClient().GetAsync(new Uri("/", UriKind.Relative));
            ExpectedHeaders.Assert(home, ExpectedHeaders.Policy.Replace("frame-ancestors 'self'", "frame-ancestors 'self' https://intranet.example.org", StringComparison.Ordinal));

            // X-Frame-Options cannot name another site; old browsers would refuse what the setting allows.
            Assert.False(home.Headers.Contains("X-Frame-Options"));
        }

        using (var nowhere = new RegistrationAppFactory(seedSampleData: false, settings: new Dictionary<string, string> { ["Registration:FrameAncestors"] = "'none'" }))
        {
            using var home = await nowhere.CreateClient().GetAsync(new Uri("/", UriKind.Relative));
            Assert.EndsWith("frame-ancestors 'none'", Assert.Single(home.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.Equal(["DENY"], home.Headers.GetValues("X-Frame-Options"));
        }

        // The app's own process refuses these at start, as an operator would see it: exit code 1, one line.
        foreach (var bad in new[] { "'self'; script-src *", "'self', https://a.example", "'none' 'self'", " " })
        {
            var (exitCode, _, errors) = await AppServer.RunUntilExitAsync(new Dictionary<string, string> { ["Registration:FrameAncestors"] = bad }, "--urls", "http://127.0.0.1:0");
            Assert.Equal(1, exitCode);
            Assert.Contains("Registration:FrameAncestors must be CSP sources", Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task With_embeds_switched_off_the_policy_allows_no_frame_and_a_bad_embed_host_stops_the_start()
    {
        using var noEmbeds = new RegistrationAppFactory(seedSampleData: false, settings: new Dictionary<string, string> { ["Registration:EmbedHosts"] = " " });
        using var home = await noEmbeds.CreateClient().GetAsync(new Uri("/", UriKind.Relative));
        ExpectedHeaders.Assert(home, ExpectedHeaders.Policy.Replace("frame-src https://www.youtube-nocookie.com", "frame-src 'none'", StringComparison.Ordinal));

        // An address where a host belongs would match no frame; the app says so at start instead.
        var (exitCode, _, errors) = await AppServer.RunUntilExitAsync(new Dictionary<string, string> { ["Registration:EmbedHosts"] = "https://www.youtube.com" }, "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, exitCode);
        Assert.Contains("Registration:EmbedHosts must be host names", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData($"/events/{Event}")]
    [InlineData($"/events/{Event}/register")]
    [InlineData("/privacy")]
    [InlineData("/series/community-of-practice")]
    public async Task Pages_answer_head_as_they_answer_get_and_a_head_leaves_the_cache_serving_the_whole_page(string url)
    {
        var client = _app.CreateClient();
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(url, UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        ExpectedHeaders.Assert(head);
        Assert.Equal("text/html", head.Content.Headers.ContentType?.MediaType);

        // Twice: the second may come from the page cache, and must still be the page.
        for (var i = 0; i < 2; i++)
        {
            using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(head.Content.Headers.ContentType, get.Content.Headers.ContentType);
            Assert.Contains("</html>", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData($"/events/{Event}/calendar.ics")]
    [InlineData("/events.ics")]
    public async Task Calendar_files_answer_head_as_they_answer_get(string url)
    {
        var client = _app.CreateClient();
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(url, UriKind.Relative)));
        using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/calendar", head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        ExpectedHeaders.Assert(head);
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/events/no-such-event")]
    [InlineData("/series/no-such-series")]
    public async Task A_head_for_a_page_that_is_not_there_is_a_404(string url)
    {
        using var head = await _app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(url, UriKind.Relative)));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        ExpectedHeaders.Assert(head);
    }

    public static TheoryData<string, string> Forms => new()
    {
        { $"/events/{Open}/register", "sign-up" },
        { "/manage?token=abcdefghijklmnop", "claim" },
        { "/manage?token=abcdefghijklmnop", "revoke-links" },
        { "/manage/cancel?token=abcdefghijklmnop", "cancel" },
        { "/organiser/sign-in", "sign-in" },
        { "/organiser/set-password?email=a%40example.org&token=xyz", "set-password" },
        { "/organiser/setup?token=xyz", "setup" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_form_posted_without_its_token_or_with_a_wrong_one_gets_a_page_linking_back_to_it(string url, string form)
    {
        var client = _app.CreateClient();

        // This client has an antiforgery cookie, as a browser that has been on the site has.
        var own = await HttpPage.GetAsync(client, $"/events/{Open}/register");
        var stranger = await HttpPage.GetAsync(_app.CreateClient(), $"/events/{Open}/register");
        var tokens = new Dictionary<string, string?>
        {
            ["missing"] = null,
            ["made up"] = "CfDJ8-not-a-token",
            ["altered"] = own.AntiforgeryToken[..^4] + "AAAA",
            ["another browser's"] = stranger.AntiforgeryToken,
        };
        foreach (var (what, token) in tokens)
        {
            var fields = new Dictionary<string, string> { ["_handler"] = form, ["Form.Name"] = "Ada", ["Form.Email"] = "ada@example.org" };
            if (token is not null)
            {
                fields["__RequestVerificationToken"] = token;
            }

            using var response = await PostAsync(client, url, fields, referer: "https://elsewhere.example/phish");
            await AssertFailedAntiforgeryPageAsync(response, url, what);
        }
    }

    [Fact]
    public async Task Signing_out_without_the_token_keeps_the_organiser_signed_in_and_says_why()
    {
        var organiser = await OrganiserClient.SignedInAsync(_app, "sign-out@example.org");

        using var response = await PostAsync(organiser, "/organiser/sign-out", []);

        await AssertFailedAntiforgeryPageAsync(response, "/organiser", "sign-out");
        using var dashboard = await organiser.GetAsync(new Uri("/organiser", UriKind.Relative));
        Assert.Equal("/organiser", dashboard.RequestMessage?.RequestUri?.AbsolutePath);
    }

    [Fact]
    public async Task A_form_with_its_token_still_works()
    {
        var signUps = new SignUpClient(_app.CreateClient());
        var page = await signUps.PostAsync(Open, SignUpClient.Fields("Ada Lovelace", "ada@example.org"));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("confirmed", SignUpClient.Status(page));
    }

    [Fact]
    public async Task On_a_real_server_there_is_no_server_header_and_head_has_no_body()
    {
        using var data = new TempDirectory();
        await using var app = RegistrationApp.Build(["--urls", "http://127.0.0.1:0", $"--Registration:DataDirectory={data.Path}", "--Registration:SeedSampleData=true"]);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        try
        {
            using var client = new HttpClient { BaseAddress = address };
            using var get = await client.GetAsync(new Uri($"/events/{Event}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.False(get.Headers.Contains("Server"), string.Join(", ", get.Headers.Server));
            ExpectedHeaders.Assert(get);

            foreach (var url in new[] { "/", $"/events/{Event}", "/no-such-page" })
            {
                var (head, body) = await RawAsync(address, "HEAD", url);
                Assert.Matches(url == "/no-such-page" ? "^HTTP/1.1 404 " : "^HTTP/1.1 200 ", head);
                Assert.DoesNotMatch("(?im)^Server:", head);
                Assert.Matches("(?im)^Content-Security-Policy: default-src 'self';", head);
                Assert.Equal(string.Empty, body);
            }

            var (_, page) = await RawAsync(address, "GET", $"/events/{Event}");
            Assert.Contains("</html>", page, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static async Task AssertFailedAntiforgeryPageAsync(HttpResponseMessage response, string formPath, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["no-store"], response.Headers.GetValues("Cache-Control"));
        ExpectedHeaders.Assert(response, referrerPolicy: "no-referrer");
        var page = new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Contains("The form has expired, or it was sent from somewhere other than this site", page.Text, StringComparison.Ordinal);
        Assert.Contains("nothing you sent was saved or changed", page.Text, StringComparison.Ordinal);
        var link = Assert.Single(BackLink().Matches(page.Html)).Groups[1].Value;
        Assert.Equal(formPath, WebUtility.HtmlDecode(link));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields, string? referer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(referer);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The sample data on 1 June 2025, shared by the tests of this class.</summary>
    public sealed class App : RegistrationAppFactory, IAsyncLifetime
    {
        public Task InitializeAsync() => TestEvents.AddAsync(DbFactory, Open, capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    /// <summary>Straight over a socket, so nothing between the server and the test drops or adds a body.</summary>
    private static async Task<(string Head, string Body)> RawAsync(Uri address, string method, string path)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var all = await reader.ReadToEndAsync();
        var split = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (all[..split], all[(split + 4)..]);
    }

    [GeneratedRegex("<a href=\"([^\"]*)\">Open the form again</a>")]
    private static partial Regex BackLink();
}
