using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Features.Organisers;

/// <summary>
/// A forgotten password: the page answers the same for any address, an organiser's address is emailed a
/// link through the outbox, and the link sets a password once, within an hour, signing nobody in.
/// </summary>
public sealed class ForgotPasswordTests : IAsyncLifetime
{
    private const string Answer = "If an organiser account uses that address, we have sent it a link for setting a new password";
    private readonly AppWithoutScheduler _app = new(new Dictionary<string, string>());

    public async Task InitializeAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<OrganiserAccounts>();
        Assert.True((await accounts.CreateAsync("admin@example.org", OrganiserClient.Password)).Succeeded);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_answer_is_the_same_for_any_address_and_only_an_organiser_is_emailed()
    {
        var client = _app.CreateClient();
        var known = await AskAsync(client, "Admin@Example.org");
        var unknown = await AskAsync(client, "nobody@example.org");
        Assert.Contains(Answer, known, StringComparison.Ordinal);
        Assert.Equal(known, unknown);

        string payload;
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            var queued = await db.Outbox.SingleAsync();
            payload = queued.ProtectedPayload!;
            Assert.Equal(MessageKind.PasswordReset, queued.Kind);
            Assert.Null(queued.EventId);
            Assert.Equal("admin@example.org", queued.ToAddress);
        }

        Assert.Equal(1, (await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync()).Sent);
        var mail = Assert.Single(await _app.Mail.ReadAllAsync());
        Assert.Equal("Set a new password: Connected by Data", mail.Subject);
        Assert.Contains("works once, for 1 hour", mail.Text, StringComparison.Ordinal);
        var link = OrganiserInvitationTests.PasswordLink(mail);
        var token = System.Web.HttpUtility.ParseQueryString(new Uri("https://x" + link).Query)["token"];
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Contains("admin%40example.org", link, StringComparison.Ordinal);

        // The row never held the link's secret in plain text, and holds nothing once sent.
        Assert.DoesNotContain(token, payload, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(token), payload, StringComparison.Ordinal);

        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            Assert.Null((await db.Outbox.SingleAsync()).ProtectedPayload);
        }

        var setter = _app.CreateClient();
        Assert.Contains("Your password is set", (await PasswordPage.SetAsync(setter, link, "a brand new passphrase")).Text, StringComparison.Ordinal);
        Assert.Contains(OrganiserAccounts.LinkDoesNotWork, (await PasswordPage.SetAsync(setter, link, "another new passphrase")).Text, StringComparison.Ordinal);

        // The link signed nobody in; the new password works and the old one does not.
        using (var dashboard = await setter.GetAsync(new Uri("/organiser", UriKind.Relative)))
        {
            Assert.Equal("/organiser/sign-in", dashboard.RequestMessage?.RequestUri?.AbsolutePath);
        }

        Assert.Equal("/organiser", await SignInSecurityTests.LandingAsync(_app.CreateClient(), "admin@example.org", "a brand new passphrase"));
        Assert.Equal("/organiser/sign-in", await SignInSecurityTests.LandingAsync(_app.CreateClient(), "admin@example.org", OrganiserClient.Password));
    }

    /// <summary>
    /// Identity's token provider reads the system clock, not the app's, so the test clock cannot age a
    /// link; the lifespans it is given are checked instead, on the providers the account code uses.
    /// </summary>
    [Fact]
    public async Task Reset_links_last_an_hour_and_invitations_a_week()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Organiser>>();
        Assert.Equal(typeof(DataProtectorTokenProvider<Organiser>), users.Options.Tokens.ProviderMap[users.Options.Tokens.PasswordResetTokenProvider].ProviderType);
        Assert.Equal(TimeSpan.FromHours(1), scope.ServiceProvider.GetRequiredService<IOptions<DataProtectionTokenProviderOptions>>().Value.TokenLifespan);
        Assert.Equal(typeof(InvitationTokenProvider), users.Options.Tokens.ProviderMap[PasswordLinks.InvitationProvider].ProviderType);
        Assert.Equal(TimeSpan.FromDays(7), scope.ServiceProvider.GetRequiredService<IOptions<InvitationTokenProviderOptions>>().Value.TokenLifespan);

        // Each kind of link works only as itself: a reset token does not pass as an invitation.
        var admin = (await users.FindByEmailAsync("admin@example.org"))!;
        var reset = await users.GeneratePasswordResetTokenAsync(admin);
        Assert.False(await users.VerifyUserTokenAsync(admin, PasswordLinks.InvitationProvider, UserManager<Organiser>.ResetPasswordTokenPurpose, reset));
    }

    /// <summary>
    /// The lifespan is enforced, not only configured: with one second instead of an hour, and a real wait
    /// (Identity's provider reads the system clock), the same link is refused on the page.
    /// </summary>
    [Fact]
    public async Task A_reset_link_is_refused_once_its_lifespan_is_over()
    {
        using var shortLived = _app.WithWebHostBuilder(host => host.ConfigureTestServices(services =>
            services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromSeconds(1))));
        string link;
        await using (var scope = shortLived.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Organiser>>();
            var token = await users.GeneratePasswordResetTokenAsync((await users.FindByEmailAsync("admin@example.org"))!);
            link = PasswordPage.Link("admin@example.org", token);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Contains(OrganiserAccounts.LinkDoesNotWork, (await PasswordPage.SetAsync(shortLived.CreateClient(), link, "a brand new passphrase")).Text, StringComparison.Ordinal);
        Assert.Equal("/organiser", await SignInSecurityTests.LandingAsync(_app.CreateClient(), "admin@example.org", OrganiserClient.Password));
    }

    [Fact]
    public async Task An_invited_organiser_who_lost_the_invitation_can_use_a_reset_link()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().InviteAsync("invited@example.org", Organiser.OrganiserRole)).Succeeded);
        }

        await AskAsync(_app.CreateClient(), "invited@example.org");
        await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var reset = (await _app.Mail.ReadAllAsync()).Single(m => m.Subject.StartsWith("Set a new password", StringComparison.Ordinal));
        Assert.Contains("Your password is set", (await PasswordPage.SetAsync(_app.CreateClient(), OrganiserInvitationTests.PasswordLink(reset), "a brand new passphrase")).Text, StringComparison.Ordinal);
        Assert.Equal("/organiser", await SignInSecurityTests.LandingAsync(_app.CreateClient(), "invited@example.org", "a brand new passphrase"));
    }

    [Fact]
    public async Task An_empty_address_is_asked_for_again()
    {
        var text = await AskAsync(_app.CreateClient(), "  ");
        Assert.Contains("Enter the email address you sign in with.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Answer, text, StringComparison.Ordinal);
    }

    private static async Task<string> AskAsync(HttpClient client, string email)
    {
        var page = await HttpPage.GetAsync(client, "/organiser/forgot-password");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "forgot-password",
            ["__RequestVerificationToken"] = page.AntiforgeryToken,
            ["Form.Email"] = email,
        });
        using var response = await client.PostAsync(new Uri("/organiser/forgot-password", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync()).Text;
    }

}
