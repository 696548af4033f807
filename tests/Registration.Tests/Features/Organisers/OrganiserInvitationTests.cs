using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Features.Organisers;

/// <summary>An Admin adds an organiser, who is emailed a link to set a password once; the last Admin cannot be removed.</summary>
public sealed class OrganiserInvitationTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_invited_organiser_is_emailed_a_link_shows_as_invited_and_sets_a_password_once()
    {
        using var admin = await OrganiserClient.SignedInAsync(_app, "admin@example.org");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().InviteAsync("new@example.org", Organiser.OrganiserRole)).Succeeded);
        }

        var invitation = await _app.Mail.WaitForAsync(m => m.To.Contains("new@example.org", StringComparison.Ordinal));
        Assert.Equal("You have been added as an organiser: Connected by Data", invitation.Subject);
        Assert.Contains("It works once, for 7 days", invitation.Text, StringComparison.Ordinal);
        var url = PasswordLink(invitation);
        // As the organisers page lists it (live only; OrganiserResilienceBrowserTests shows it there).
        Assert.True(await InvitedAsync("new@example.org"));

        // Sent again: the new link arrives, and the earlier one stops working at once.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var inviter = scope.ServiceProvider.GetRequiredService<OrganiserAccounts>();
            var id = (await inviter.ListAsync()).Single(o => o.Email == "new@example.org").Id;
            Assert.True((await inviter.ResendInvitationAsync(id)).Succeeded);
        }

        var mails = await _app.Mail.WaitForCountAsync(2);
        var again = PasswordLink(mails.Last(m => m.To.Contains("new@example.org", StringComparison.Ordinal)));
        Assert.NotEqual(url, again);

        var client = _app.CreateClient();
        var older = await PasswordPage.SetAsync(client, url, "another brand new passphrase");
        Assert.Contains(OrganiserAccounts.LinkDoesNotWork, older.Text, StringComparison.Ordinal);
        var mismatch = await PasswordPage.SetAsync(client, again, "one passphrase here", confirm: "another one");
        Assert.Contains("The two passwords are not the same.", mismatch.Text, StringComparison.Ordinal);
        var first = await PasswordPage.SetAsync(client, again, "a brand new passphrase");
        Assert.Contains("Your password is set", first.Text, StringComparison.Ordinal);
        var used = await PasswordPage.SetAsync(client, again, "another brand new passphrase");
        Assert.Contains(OrganiserAccounts.LinkDoesNotWork, used.Text, StringComparison.Ordinal);

        // Setting the password signs nobody in.
        using (var dashboard = await client.GetAsync(new Uri("/organiser", UriKind.Relative)))
        {
            Assert.Equal("/organiser/sign-in", dashboard.RequestMessage?.RequestUri?.AbsolutePath);
        }

        Assert.False(await InvitedAsync("new@example.org"));
        await using var check = _app.Services.CreateAsyncScope();
        var accounts = check.ServiceProvider.GetRequiredService<OrganiserAccounts>();
        var listed = await accounts.ListAsync();
        Assert.Equal(["admin@example.org", "new@example.org"], listed.Select(o => o.Email));
        Assert.Equal([Organiser.OrganiserRole], listed[1].Roles);
        Assert.False(listed[1].Invited);
        Assert.False((await accounts.ResendInvitationAsync(listed[1].Id)).Succeeded);

        var adminSummary = listed[0];
        var refused = await accounts.RemoveAsync(adminSummary.Id);
        Assert.False(refused.Succeeded);
        Assert.Contains("last Admin", refused.Errors[0], StringComparison.Ordinal);
        Assert.True((await accounts.RemoveAsync(listed[1].Id)).Succeeded);
    }

    /// <summary>The site-relative set-password link in an emailed invitation or reset.</summary>
    internal static string PasswordLink(ReceivedMail mail)
    {
        var match = System.Text.RegularExpressions.Regex.Match(mail.Text ?? string.Empty, @"https://events\.example\.org(/organiser/set-password\?\S+)");
        Assert.True(match.Success, mail.Text);
        return match.Groups[1].Value;
    }

    private async Task<bool> InvitedAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().ListAsync()).Single(o => o.Email == email).Invited;
    }
}
