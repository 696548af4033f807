using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Privacy;

/// <summary>A person at <c>/my-data</c> through the real pages: asking for a link, opening it, deleting.</summary>
public static partial class MyDataClient
{
    public static async Task<HttpPage> AskAsync(HttpClient client, string email)
    {
        var form = await HttpPage.GetAsync(client, "/my-data");
        return await PostAsync(client, "/my-data", "my-data", form.AntiforgeryToken, new() { ["Form.Email"] = email });
    }

    /// <summary>Opens the link (a GET, as a mail scanner would), then presses "Show my data".</summary>
    public static async Task<HttpPage> OpenAsync(HttpClient client, string link)
    {
        var page = await HttpPage.GetAsync(client, "/" + link);
        return page.Html.Contains("data-show-my-data", StringComparison.Ordinal)
            ? await PostAsync(client, "/" + link, "show-my-data", page.AntiforgeryToken, [])
            : page;
    }

    public static async Task<HttpPage> PostAsync(HttpClient client, string url, string formName, string token, Dictionary<string, string> fields)
    {
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = token;
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends what is queued and returns the newest link emailed to <paramref name="email"/>, as the email's text gives it.</summary>
    public static async Task<string> LinkSentToAsync(RegistrationAppFactory app, string email)
    {
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var mail = (await app.Mail.ReadAllAsync()).Last(m => m.To.Contains(email, StringComparison.OrdinalIgnoreCase) && m.Subject.StartsWith("Your data", StringComparison.Ordinal));
        return LinkPattern().Match(mail.Text!).Value;
    }

    /// <summary>A registration with every field filled, made through the sign-up service as the form makes it.</summary>
    public static async Task SignUpAsync(RegistrationAppFactory app, string slug, string name, string email, string organisation, string access, string diet, string? session)
    {
        await using var db = await app.DbFactory.CreateDbContextAsync();
        var ev = await db.Events.SingleAsync(e => e.Slug == slug);
        var answers = new Dictionary<string, string?>();
        if (session is not null)
        {
            answers[ev.Questions[0].Key] = session;
        }

        var details = SignUpDetails.Validate(new SignUpInput(name, email, organisation, access, diet, answers, true), ev.Questions, ev.BuiltInFields, out var errors)
            ?? throw new InvalidOperationException(string.Join("; ", errors.Values));
        await app.Services.GetRequiredService<SignUpService>().AddByOrganiserAsync(ev.Id, details, "organiser@example.org");
    }

    [GeneratedRegex(@"my-data/link\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex LinkPattern();
}
