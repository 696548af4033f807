using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Features.Organisers;

/// <summary>
/// Sign-in tells nobody whether an account exists, by its answer or by the work it does; wrong guesses
/// pause only the client that made them; it sends people on only to this site.
/// </summary>
public sealed class SignInSecurityTests : IAsyncLifetime
{
    private const string NotRight = "The email address or password is not right.";
    private const string Paused = "signing in with this address from your network is paused for 15 minutes";
    private readonly AppWithClientAddresses _app = new();

    public async Task InitializeAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<OrganiserAccounts>();
        Assert.True((await accounts.CreateAsync("admin@example.org", OrganiserClient.Password)).Succeeded);
        Assert.True((await accounts.InviteAsync("invited@example.org", Organiser.OrganiserRole)).Succeeded);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("nobody@example.org", "some password here")]
    [InlineData("invited@example.org", "some password here")]
    [InlineData("admin@example.org", "not the right password")]
    [InlineData("ADMIN@example.org ", "not the right password")]
    public async Task Every_failed_sign_in_verifies_one_password_hash_and_gives_the_same_answer(string email, string password)
    {
        var client = _app.ClientFrom("192.0.2.10");
        await HttpPage.GetAsync(client, "/organiser/sign-in");
        _app.Hasher.Reset();

        var page = await SignInAsync(client, email, password);

        Assert.Equal(1, _app.Hasher.Verifications);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(NotRight, page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_password_verifies_one_hash_and_signs_in()
    {
        var client = _app.ClientFrom("192.0.2.11", followRedirects: false);
        await HttpPage.GetAsync(client, "/organiser/sign-in");
        _app.Hasher.Reset();
        using var response = await PostSignInAsync(client, "admin@example.org", OrganiserClient.Password);
        Assert.Equal(1, _app.Hasher.Verifications);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/organiser", Target(response));
    }

    [Fact]
    public async Task Setting_a_new_password_through_an_emailed_link_lifts_the_pause()
    {
        var forgetful = _app.ClientFrom("198.51.100.8");
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(forgetful, "admin@example.org", "what was it " + i);
        }

        Assert.Contains(Paused, (await SignInAsync(forgetful, "admin@example.org", "what was it again")).Text, StringComparison.Ordinal);

        string token;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Organiser>>();
            token = await users.GeneratePasswordResetTokenAsync((await users.FindByEmailAsync("admin@example.org"))!);
        }

        Assert.Contains("Your password is set", await SetPasswordAsync(forgetful, "admin@example.org", token, "remembered at last now"), StringComparison.Ordinal);
        Assert.Equal("/organiser", await LandingAsync(forgetful, "admin@example.org", "remembered at last now"));
    }

    [Theory]
    [InlineData("admin@example.org")]
    [InlineData("nobody@example.org")]
    public async Task Five_wrong_passwords_pause_that_address_from_that_client_only(string email)
    {
        var guesser = _app.ClientFrom("198.51.100.7");
        var answers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await SignInAsync(guesser, email, "wrong password " + i)).Text);
        }

        Assert.All(answers.Take(4), text => Assert.Contains(NotRight, text, StringComparison.Ordinal));
        Assert.All(answers.Skip(4), text => Assert.Contains(Paused, text, StringComparison.Ordinal));

        // While paused, even the right password from that client is not tried...
        _app.Hasher.Reset();
        Assert.Contains(Paused, (await SignInAsync(guesser, email, OrganiserClient.Password)).Text, StringComparison.Ordinal);
        Assert.Equal(0, _app.Hasher.Verifications);

        // ...another address on the same account is not affected, nor is the same client for another account...
        if (email == "admin@example.org")
        {
            Assert.Equal("/organiser", await LandingAsync(_app.ClientFrom("203.0.113.5"), email, OrganiserClient.Password));
        }

        Assert.Contains(NotRight, (await SignInAsync(guesser, "someone.else@example.org", "wrong")).Text, StringComparison.Ordinal);

        // ...and the pause ends after 15 minutes.
        _app.Clock.Now += OrganiserSetup.Lockout;
        if (email == "admin@example.org")
        {
            Assert.Equal("/organiser", await LandingAsync(guesser, email, OrganiserClient.Password));
        }
        else
        {
            Assert.Contains(NotRight, (await SignInAsync(guesser, email, "wrong again")).Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_successful_sign_in_starts_the_count_again()
    {
        var client = _app.ClientFrom("198.51.100.8");
        for (var i = 0; i < 4; i++)
        {
            await SignInAsync(client, "admin@example.org", "wrong password " + i);
        }

        Assert.Equal("/organiser", await LandingAsync(_app.ClientFrom("198.51.100.8"), "admin@example.org", OrganiserClient.Password));
        Assert.Contains(NotRight, (await SignInAsync(client, "admin@example.org", "wrong password again")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/organiser/organisers", "/organiser/organisers")]
    [InlineData("/organiser/events/new?from=x", "/organiser/events/new?from=x")]
    [InlineData("//evil.example/organiser", "/organiser")]
    [InlineData("/\\evil.example", "/organiser")]
    [InlineData("https://evil.example/", "/organiser")]
    [InlineData("organiser/organisers", "/organiser")]
    [InlineData("/organiser/caf\u00e9", "/organiser")]
    [InlineData("/organiser/\u0000x", "/organiser")]
    [InlineData("/organiser/a\r\nSet-Cookie: x=y", "/organiser")]
    [InlineData("/organiser/a b", "/organiser")]
    [InlineData("", "/organiser")]
    public async Task After_signing_in_only_a_plain_local_path_is_followed(string returnUrl, string expected)
    {
        var client = _app.ClientFrom("192.0.2.20", followRedirects: false);
        await HttpPage.GetAsync(client, "/organiser/sign-in");
        using var response = await PostSignInAsync(client, "admin@example.org", OrganiserClient.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, Target(response));
    }

    [Fact]
    public async Task A_percent_encoded_local_path_stays_encoded()
    {
        var client = _app.ClientFrom("192.0.2.21", followRedirects: false);
        await HttpPage.GetAsync(client, "/organiser/sign-in");
        using var response = await PostSignInAsync(client, "admin@example.org", OrganiserClient.Password, "/organiser/events/caf%C3%A9");
        Assert.Equal("/organiser/events/caf%C3%A9", Target(response));
    }

    [Fact]
    public async Task The_set_password_page_answers_an_unknown_address_as_it_does_a_bad_token()
    {
        var client = _app.ClientFrom("192.0.2.30");
        var unknown = await SetPasswordAsync(client, "nobody@example.org", "made-up-token");
        var invited = await SetPasswordAsync(client, "invited@example.org", "made-up-token");
        var existing = await SetPasswordAsync(client, "admin@example.org", "made-up-token");
        Assert.Contains(OrganiserAccounts.LinkDoesNotWork, unknown, StringComparison.Ordinal);
        Assert.Equal(unknown.Replace("nobody@example.org", "X", StringComparison.Ordinal), invited.Replace("invited@example.org", "X", StringComparison.Ordinal));
        Assert.Equal(unknown.Replace("nobody@example.org", "X", StringComparison.Ordinal), existing.Replace("admin@example.org", "X", StringComparison.Ordinal));
    }

    /// <summary>Where a redirect goes: the path and query when it stays on this site, else the whole address.</summary>
    private static string? Target(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString;
        const string Site = "http://localhost/";
        return location is not null && location.StartsWith(Site, StringComparison.Ordinal) ? location[(Site.Length - 1)..] : location;
    }

    internal static async Task<string> SetPasswordAsync(HttpClient client, string email, string token, string password = "a long enough new passphrase") =>
        (await PasswordPage.SetAsync(client, PasswordPage.Link(email, token), password)).Text;

    internal static async Task<HttpPage> SignInAsync(HttpClient client, string email, string password)
    {
        using var response = await PostSignInAsync(client, email, password);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Signs in on a client that follows redirects and returns where it ended up.</summary>
    internal static async Task<string?> LandingAsync(HttpClient client, string email, string password)
    {
        using var response = await PostSignInAsync(client, email, password);
        return response.RequestMessage?.RequestUri?.AbsolutePath;
    }

    internal static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var url = returnUrl is null ? "/organiser/sign-in" : "/organiser/sign-in?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var page = await HttpPage.GetAsync(client, url);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = page.AntiforgeryToken,
            ["Form.Email"] = email,
            ["Form.Password"] = password,
        });
        return await client.PostAsync(new Uri(url, UriKind.Relative), form);
    }
}
