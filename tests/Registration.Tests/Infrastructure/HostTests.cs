using System.Net;
using Registration.Tests.Support;

namespace Registration.Tests.Infrastructure;

/// <summary>
/// Requests name a host the app answers to, or get 400; links that leave the site use Registration:PublicBaseUrl,
/// never the Host a request carried.
/// </summary>
public sealed class HostTests
{
    private const string CalendarPath = "/events/2026-03-06-conference/calendar.ics";

    [Theory]
    [InlineData("/")]
    [InlineData(CalendarPath)]
    [InlineData("/events.ics")]
    [InlineData("/organiser/sign-in")]
    public async Task A_foreign_host_gets_400_and_no_page(string path)
    {
        await using var app = new RegistrationAppFactory();
        using var client = app.CreateClient();

        using var response = await client.SendAsync(WithHost(path, "attacker.example.net"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("attacker", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_the_app_answers_only_to_the_host_of_its_public_address_and_loopback_names()
    {
        await using var app = new RegistrationAppFactory(settings: new Dictionary<string, string> { ["Registration:AllowedHosts"] = string.Empty });
        using var client = app.CreateClient();

        using var publicHost = await client.SendAsync(WithHost(CalendarPath, "events.example.org"));
        using var loopback = await client.SendAsync(WithHost(CalendarPath, "127.0.0.1"));
        using var other = await client.SendAsync(WithHost(CalendarPath, "registration.example.org"));

        Assert.Equal(HttpStatusCode.OK, publicHost.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Theory]
    [InlineData(CalendarPath)]
    [InlineData("/events.ics")]
    public async Task Calendar_links_use_the_public_address_whatever_the_host(string path)
    {
        // Even with every host allowed, a calendar file never carries the one the request named.
        await using var app = new RegistrationAppFactory(settings: new Dictionary<string, string> { ["Registration:AllowedHosts"] = "*" });
        using var client = app.CreateClient();

        using var response = await client.SendAsync(WithHost(path, "attacker.example.net"));
        var ics = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("URL:https://events.example.org/events/", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker", ics, StringComparison.Ordinal);
    }

    private static HttpRequestMessage WithHost(string path, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Host = host;
        return request;
    }
}
