using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Support;

/// <summary>An organiser account, signed in through the real sign-in form; the client keeps the cookie.</summary>
public static class OrganiserClient
{
    public const string Password = "correct horse battery staple";

    /// <param name="cookies">Where the client keeps its cookies, for a test that copies them; its own by default.</param>
    public static async Task<HttpClient> SignedInAsync(RegistrationAppFactory app, string email = "organiser@example.org", CookieContainer? cookies = null)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync(email, Password);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        }

        var client = cookies is null ? app.CreateClient() : app.CreateDefaultClient(new RedirectHandler(), new CookieContainerHandler(cookies));
        var page = await HttpPage.GetAsync(client, "/organiser/sign-in");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = page.AntiforgeryToken,
            ["Form.Email"] = email,
            ["Form.Password"] = Password,
        });
        using var response = await client.PostAsync(new Uri("/organiser/sign-in", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/organiser", response.RequestMessage?.RequestUri?.AbsolutePath);
        return client;
    }

}
