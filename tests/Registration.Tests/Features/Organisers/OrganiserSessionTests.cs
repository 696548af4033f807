using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Features.Organisers;

/// <summary>
/// A session ends for every copy of its cookie when its organiser signs out, gets a new password or is
/// removed; and only the organiser pages start a live circuit.
/// </summary>
public sealed class OrganiserSessionTests : IDisposable
{
    private const string Csv = "/organiser/events/2026-03-06-conference/attendees.csv";
    private static readonly Uri Site = new("http://localhost/");
    private readonly RegistrationAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_copied_cookie_stops_working_when_its_organiser_signs_out()
    {
        var cookies = new CookieContainer();
        var client = await OrganiserClient.SignedInAsync(_app, "leaving@example.org", cookies);
        var copied = cookies.GetCookieHeader(Site);

        // A second on, so the cookie is older than the check interval (zero) and is checked against the account.
        Later();
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(copied, Csv)).StatusCode);

        // The sign-out form of a page rendered on the server (the live dashboard has its form only once live).
        var events = await HttpPage.GetAsync(client, "/organiser/events");
        using var signOut = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = events.AntiforgeryToken });
        using var signedOut = await client.PostAsync(new Uri("/organiser/sign-out", UriKind.Relative), signOut);
        Assert.Equal("/organiser/sign-in", signedOut.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Contains("You have signed out on every device", await signedOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Later();
        await AssertSentToSignInAsync(copied, Csv);
        await AssertSentToSignInAsync(copied, "/organiser");
    }

    [Fact]
    public async Task A_removed_organisers_cookie_is_refused()
    {
        await OrganiserClient.SignedInAsync(_app, "admin@example.org");
        var cookies = new CookieContainer();
        await OrganiserClient.SignedInAsync(_app, "removed@example.org", cookies);
        var copied = cookies.GetCookieHeader(Site);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Organiser>>();
            var removed = await users.FindByEmailAsync("removed@example.org");
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().RemoveAsync(removed!.Id)).Succeeded);
        }

        Later();
        await AssertSentToSignInAsync(copied, Csv);
        await AssertSentToSignInAsync(copied, "/organiser");
    }

    [Fact]
    public async Task A_new_password_ends_the_sessions_signed_in_with_the_old_one()
    {
        var cookies = new CookieContainer();
        await OrganiserClient.SignedInAsync(_app, "reset@example.org", cookies);
        var copied = cookies.GetCookieHeader(Site);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Organiser>>();
            var token = await users.GeneratePasswordResetTokenAsync((await users.FindByEmailAsync("reset@example.org"))!);
            var reset = await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().SetPasswordAsync("reset@example.org", token, "a completely new passphrase");
            Assert.True(reset.Succeeded, string.Join("; ", reset.Errors));
        }

        Later();
        await AssertSentToSignInAsync(copied, "/organiser");
    }

    [Fact]
    public async Task Only_organiser_pages_start_a_live_circuit()
    {
        const string serverComponent = "<!--Blazor:{\"type\":\"server\"";
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            Assert.True(await db.Events.AnyAsync(e => e.Slug == "2026-03-06-conference"));
        }

        var admin = await OrganiserClient.SignedInAsync(_app, "admin@example.org");
        var anonymous = _app.CreateClient();
        string[] publicPages = ["/", "/events/2026-03-06-conference", "/events/2026-03-06-conference/register", "/series/community-of-practice", "/privacy", "/manage", "/manage/cancel", "/no-such-page", "/organiser/sign-in", "/organiser/setup", "/organiser/set-password"];
        foreach (var url in publicPages)
        {
            // Also as a signed-in organiser: the page is the same static page for everyone.
            Assert.DoesNotContain(serverComponent, (await HttpPage.GetAsync(anonymous, url)).Html, StringComparison.Ordinal);
            Assert.DoesNotContain(serverComponent, (await HttpPage.GetAsync(admin, url)).Html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(serverComponent, (await HttpPage.GetAsync(admin, "/organiser/audit")).Html, StringComparison.Ordinal);
        Assert.Contains(serverComponent, (await HttpPage.GetAsync(admin, "/organiser")).Html, StringComparison.Ordinal);
        Assert.Contains(serverComponent, (await HttpPage.GetAsync(admin, "/organiser/events/2026-03-06-conference")).Html, StringComparison.Ordinal);
    }

    private void Later() => _app.Clock.Now += TimeSpan.FromSeconds(1);

    private async Task<HttpResponseMessage> ReplayAsync(string cookie, string url)
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private async Task AssertSentToSignInAsync(string cookie, string url)
    {
        using var response = await ReplayAsync(cookie, url);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{url}: {(int)response.StatusCode}");
        Assert.Equal("/organiser/sign-in", response.Headers.Location?.AbsolutePath);
    }
}
