using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Features.Organisers;

/// <summary>An Admin adds an organiser, who sets a password once from the link; the last Admin cannot be removed.</summary>
public sealed class OrganiserInvitationTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_invited_organiser_sets_a_password_once_and_signs_in()
    {
        await OrganiserClient.SignedInAsync(_app, "admin@example.org");
        Invitation invitation;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            invitation = await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().InviteAsync("new@example.org", Organiser.OrganiserRole);
        }

        Assert.True(invitation.Succeeded);
        var url = $"/organiser/set-password?email=new%40example.org&token={Uri.EscapeDataString(invitation.Token!)}";
        var client = _app.CreateClient();

        var first = await PostPasswordAsync(client, url, "a brand new passphrase");
        Assert.Contains("Your password is set", first.Text, StringComparison.Ordinal);
        var again = await PostPasswordAsync(client, url, "another brand new passphrase");
        Assert.Contains("This link does not work", again.Text, StringComparison.Ordinal);
        var mismatch = await PostPasswordAsync(client, url, "one passphrase here", confirm: "another one");
        Assert.Contains("The two passwords are not the same.", mismatch.Text, StringComparison.Ordinal);

        await using var check = _app.Services.CreateAsyncScope();
        var accounts = check.ServiceProvider.GetRequiredService<OrganiserAccounts>();
        var listed = await accounts.ListAsync();
        Assert.Equal(["admin@example.org", "new@example.org"], listed.Select(o => o.Email));
        Assert.Equal([Organiser.OrganiserRole], listed[1].Roles);

        var admin = listed[0];
        var refused = await accounts.RemoveAsync(admin.Id);
        Assert.False(refused.Succeeded);
        Assert.Contains("last Admin", refused.Errors[0], StringComparison.Ordinal);
        Assert.True((await accounts.RemoveAsync(listed[1].Id)).Succeeded);
    }

    private static async Task<HttpPage> PostPasswordAsync(HttpClient client, string url, string password, string? confirm = null)
    {
        var page = await HttpPage.GetAsync(client, url);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "set-password",
            ["__RequestVerificationToken"] = page.AntiforgeryToken,
            ["Form.Password"] = password,
            ["Form.Confirm"] = confirm ?? password,
        });
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), form);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

}
