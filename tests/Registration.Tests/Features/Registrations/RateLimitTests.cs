using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Features.Organisers;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Features.Registrations;

/// <summary>Limits are attached to the pages they guard, so whatever spelling of a path reaches a page meets its limit.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly AppWithClientAddresses _app = new(new Dictionary<string, string>
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:SignUpsPerMinute"] = "3",
        ["RateLimits:ManageRequestsPerMinute"] = "4",
        ["RateLimits:SignInsPerMinute"] = "3",
        ["RateLimits:SignInsPerAddressPerMinute"] = "2",
        ["RateLimits:PasswordPagesPerMinute"] = "2",
        ["RateLimits:PasswordResetEmailsPerAddressPerHour"] = "2",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Sign_up_posts_beyond_the_limit_get_a_friendly_429_and_pages_stay_open()
    {
        await TestEvents.AddAsync(_app.DbFactory, "popular", capacity: null, new DateTime(2025, 7, 1, 10, 0, 0));
        var signUps = new SignUpClient(_app.CreateClient());
        var token = await signUps.TokenAsync("popular");

        for (var i = 1; i <= 3; i++)
        {
            var page = await signUps.PostAsync("popular", SignUpClient.Fields($"Person {i}", $"p{i}@example.org"), token);
            Assert.Equal("confirmed", SignUpClient.Status(page));
        }

        using var content = new FormUrlEncodedContent(new Dictionary<string, string>(SignUpClient.Fields("Person 4", "p4@example.org"))
        {
            ["_handler"] = "sign-up",
            ["__RequestVerificationToken"] = token,
        });
        using var refused = await signUps.Client.PostAsync(new Uri("/events/popular/register", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Please wait a minute", body, StringComparison.Ordinal);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(signUps.Client, "/events/popular/register")).Status);
        }
    }

    [Theory]
    [InlineData("/events/popular/register/")]
    [InlineData("/Events/popular/Register")]
    [InlineData("/EVENTS/popular/register/")]
    public async Task Another_spelling_of_the_sign_up_path_meets_the_same_limit(string path)
    {
        await TestEvents.AddAsync(_app.DbFactory, "popular", capacity: null, new DateTime(2025, 7, 1, 10, 0, 0));
        var signUps = new SignUpClient(_app.ClientFrom("192.0.2.1"));
        var token = await signUps.TokenAsync("popular");
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>(SignUpClient.Fields($"Person {i}", $"p{i}@example.org"))
            {
                ["_handler"] = "sign-up",
                ["__RequestVerificationToken"] = token,
            });
            using var response = await signUps.Client.PostAsync(new Uri(path, UriKind.Relative), content);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        // The count is per client address.
        var other = new SignUpClient(_app.ClientFrom("192.0.2.2"));
        Assert.Equal("confirmed", SignUpClient.Status(await other.PostAsync("popular", SignUpClient.Fields("Person 5", "p5@example.org"), await other.TokenAsync("popular"))));
    }

    [Fact]
    public async Task Guessing_manage_links_is_limited()
    {
        var client = _app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/manage?token=guess0", "/Manage?token=guess1", "/manage/?token=guess2", "/MANAGE/cancel?token=guess3", "/manage/cancel/?token=guess4", "/manage?token=guess5" })
        {
            statuses.Add((await HttpPage.GetAsync(client, path)).Status);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(4));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses.Skip(4));
    }

    [Fact]
    public async Task Sign_in_posts_are_limited_per_client_and_the_form_stays_open()
    {
        var client = _app.ClientFrom("2001:db8:1:2::10");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await SignInSecurityTests.PostSignInAsync(client, $"person{i}@example.org", "a wrong password");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(client, "/Organiser/Sign-In/")).Status);

        // Another address in the same IPv6 /64 is the same client; another /64 is not.
        using (var sameNetwork = await SignInSecurityTests.PostSignInAsync(_app.ClientFrom("2001:db8:1:2::99"), "person9@example.org", "a wrong password"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, sameNetwork.StatusCode);
        }

        using var otherNetwork = await SignInSecurityTests.PostSignInAsync(_app.ClientFrom("2001:db8:1:3::10"), "person9@example.org", "a wrong password");
        Assert.Equal(HttpStatusCode.OK, otherNetwork.StatusCode);
    }

    [Fact]
    public async Task Sign_ins_for_one_address_are_limited_from_everywhere_together()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync("admin@example.org", OrganiserClient.Password)).Succeeded);
        }

        foreach (var email in new[] { "admin@example.org", "nobody@example.org" })
        {
            var answers = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                answers.Add((await SignInSecurityTests.SignInAsync(_app.ClientFrom($"198.51.100.{i + 1}"), email, "a wrong password")).Text);
            }

            Assert.All(answers.Take(2), text => Assert.Contains("The email address or password is not right.", text, StringComparison.Ordinal));
            Assert.Contains("too many attempts to sign in with this address in the last minute", answers[2], StringComparison.Ordinal);
        }

        _app.Clock.Now += TimeSpan.FromMinutes(1);
        Assert.Equal("/organiser", await SignInSecurityTests.LandingAsync(_app.ClientFrom("198.51.100.9"), "admin@example.org", OrganiserClient.Password));
    }

    [Fact]
    public async Task Strangers_using_up_an_address_limit_do_not_keep_out_a_browser_that_signed_in_with_it_before()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync("owner@example.org", OrganiserClient.Password)).Succeeded);
        }

        var own = _app.ClientFrom("203.0.113.50");
        Assert.Equal("/organiser", await SignInSecurityTests.LandingAsync(own, "owner@example.org", OrganiserClient.Password));

        // Strangers on two networks use up the limit the address shares (2 a minute here).
        for (var i = 0; i < 2; i++)
        {
            await SignInSecurityTests.SignInAsync(_app.ClientFrom($"198.51.100.{100 + i}"), "owner@example.org", "a wrong password");
        }

        const string TooMany = "too many attempts to sign in with this address in the last minute";
        Assert.Contains(TooMany, (await SignInSecurityTests.SignInAsync(_app.ClientFrom("198.51.100.120"), "owner@example.org", OrganiserClient.Password)).Text, StringComparison.Ordinal);

        // The organiser's own browser still gets in; a made-up device cookie does not pass for one.
        Assert.Equal("/organiser", await SignInSecurityTests.LandingAsync(own, "owner@example.org", OrganiserClient.Password));
        var forger = _app.ClientFrom("198.51.100.121");
        forger.DefaultRequestHeaders.Add("Cookie", SignInDevices.CookieName + "=CfDJ8made-up");
        Assert.Contains(TooMany, (await SignInSecurityTests.SignInAsync(forger, "owner@example.org", OrganiserClient.Password)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_password_retires_old_device_cookies_and_the_reset_link_gives_its_browser_one()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync("mover@example.org", OrganiserClient.Password)).Succeeded);
        }

        var old = _app.ClientFrom("203.0.113.60");
        Assert.Equal("/organiser", await SignInSecurityTests.LandingAsync(old, "mover@example.org", OrganiserClient.Password));

        // A new password, set from a new browser through an emailed link.
        string token;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Organiser>>();
            token = await users.GeneratePasswordResetTokenAsync((await users.FindByEmailAsync("mover@example.org"))!);
        }

        var fresh = _app.ClientFrom("203.0.113.61");
        Assert.Contains("Your password is set", (await PasswordPage.SetAsync(fresh, PasswordPage.Link("mover@example.org", token), "a new and long passphrase")).Text, StringComparison.Ordinal);

        for (var i = 0; i < 2; i++)
        {
            await SignInSecurityTests.SignInAsync(_app.ClientFrom($"198.51.100.{130 + i}"), "mover@example.org", "a wrong password");
        }

        const string TooMany = "too many attempts to sign in with this address in the last minute";
        Assert.Contains(TooMany, (await SignInSecurityTests.SignInAsync(old, "mover@example.org", "a new and long passphrase")).Text, StringComparison.Ordinal);
        Assert.Equal("/organiser", await SignInSecurityTests.LandingAsync(fresh, "mover@example.org", "a new and long passphrase"));
    }

    [Fact]
    public async Task A_guesser_that_is_paused_stops_using_up_the_limit_the_address_shares()
    {
        using var app = new AppWithClientAddresses(new Dictionary<string, string>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:SignInsPerMinute"] = "50",
            ["RateLimits:SignInsPerAddressPerMinute"] = "6",
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync("owner@example.org", OrganiserClient.Password)).Succeeded);
        }

        // Five wrong guesses pause this client; the seven after that are answered without counting.
        var guesser = app.ClientFrom("198.51.100.7");
        for (var i = 0; i < 12; i++)
        {
            await SignInSecurityTests.SignInAsync(guesser, "owner@example.org", "a wrong password " + i);
        }

        Assert.Equal("/organiser", await SignInSecurityTests.LandingAsync(app.ClientFrom("203.0.113.9"), "owner@example.org", OrganiserClient.Password));
    }

    [Theory]
    [InlineData("/organiser/set-password?email=a%40example.org&token=x", "/Organiser/Set-Password/?email=a%40example.org&token=y")]
    [InlineData("/organiser/setup?token=guess", "/organiser/SETUP/?token=guess2")]
    [InlineData("/organiser/forgot-password", "/Organiser/Forgot-Password/")]
    public async Task Password_pages_are_limited_per_client(string path, string otherSpelling)
    {
        var client = _app.ClientFrom("203.0.113.50");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await HttpPage.GetAsync(client, path)).Status);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await HttpPage.GetAsync(client, otherSpelling)).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await HttpPage.GetAsync(client, path)).Status);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await HttpPage.GetAsync(_app.ClientFrom("203.0.113.51"), path)).Status);
    }

    [Fact]
    public async Task One_address_is_sent_only_so_many_reset_links_an_hour()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync("admin@example.org", OrganiserClient.Password)).Succeeded);
        }

        for (var i = 0; i < 3; i++)
        {
            var client = _app.ClientFrom($"192.0.2.{100 + i}");
            var page = await HttpPage.GetAsync(client, "/organiser/forgot-password");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "forgot-password",
                ["__RequestVerificationToken"] = page.AntiforgeryToken,
                ["Form.Email"] = "admin@example.org",
            });
            using var response = await client.PostAsync(new Uri("/organiser/forgot-password", UriKind.Relative), form);
            Assert.Contains("If an organiser account uses that address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal(2, await db.Outbox.CountAsync());
    }

    [Fact]
    public void The_limits_are_attached_to_the_pages_they_guard()
    {
        var policies = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null)
            .ToDictionary(e => e.RoutePattern.RawText!, e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>()!.PolicyName);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["/events/{Slug}/register"] = "sign-up",
                ["/manage"] = "manage",
                ["/manage/cancel"] = "manage",
                ["/manage/edit"] = "manage",
                ["/manage/email"] = "manage",
                ["/manage/calendar.ics"] = "manage",
                ["/manage/delete"] = "manage",
                ["/organiser/sign-in"] = "sign-in",
                ["/organiser/set-password"] = "password-pages",
                ["/organiser/setup"] = "password-pages",
                ["/organiser/forgot-password"] = "password-pages",
                ["/my-data"] = "data-access",
                ["/my-data/link"] = "manage",
                ["/my-data/held"] = "manage",
                ["/my-data/delete"] = "manage",
                ["/my-data/export.json"] = "manage",
            },
            policies);
    }
}
