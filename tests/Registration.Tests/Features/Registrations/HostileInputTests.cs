using System.Net;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;

namespace Registration.Tests.Features.Registrations;

/// <summary>Whatever is posted, the answer is a clear message or a cleaned value: never a 5xx, never a place for invalid input.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    public static TheoryData<string, string, string?, string> Refused => new()
    {
        { "Ada\r\nBcc: victim@example.org", "ada1@example.org", null, "must not contain line breaks" },
        { "Ada\nLovelace", "ada2@example.org", null, "must not contain line breaks" },
        { "Ada\u001BLovelace", "ada3@example.org", null, "control characters" },
        { "Ada\u0007", "ada4@example.org", null, "control characters" },
        { new string('x', 5000), "long@example.org", null, "200 characters or fewer" },
        { "Ada", "ada@example.org\r\nBcc: victim@example.org", null, "correct format" },
        { "Ada", "ada@example.org, victim@example.org", null, "correct format" },
        { "Ada", "\"Ada\" <ada@example.org>", null, "correct format" },
        { "Ada", "<script>@example.org", null, "correct format" },
        { "Ada", new string('a', 250) + "@example.org", null, "254 characters or fewer" },
        { "Ada", "ada@localhost", null, "correct format" },
        { "Ada", "ada5@example.org", new string('o', 5000), "200 characters or fewer" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Invalid_input_gets_a_message_and_no_place(string name, string email, string? organisation, string message)
    {
        var signUps = await ReadyAsync();
        var fields = SignUpClient.Fields(name, email);
        if (organisation is not null)
        {
            fields["Form.Organisation"] = organisation;
        }

        var page = await signUps.PostAsync("hostile", fields);

        Assert.True(page.Status == HttpStatusCode.OK, page.Html);
        Assert.Null(SignUpClient.Status(page));
        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Registrations.AnyAsync());
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("Robert'); DROP TABLE Registrations;--")]
    [InlineData("Siân Ó Dálaigh")]
    [InlineData("Zoë 🎉 李小龍")]
    public async Task Odd_but_valid_names_are_kept_exactly_and_shown_as_text(string name)
    {
        var signUps = await ReadyAsync();

        var page = await signUps.PostAsync("hostile", SignUpClient.Fields(name, "odd@example.org"));

        Assert.Equal("confirmed", SignUpClient.Status(page));
        Assert.DoesNotContain("<script>alert", page.Html, StringComparison.Ordinal);
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal(name, (await db.Registrations.SingleAsync()).Name);
    }

    [Fact]
    public async Task A_line_break_in_the_organisation_is_cleaned_rather_than_refused()
    {
        var signUps = await ReadyAsync();
        var fields = SignUpClient.Fields("Ada", "ada@example.org");
        fields["Form.Organisation"] = "Analytical\r\nEngines\tLtd";

        var page = await signUps.PostAsync("hostile", fields);

        Assert.Equal("confirmed", SignUpClient.Status(page));
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal("Analytical Engines Ltd", (await db.Registrations.SingleAsync()).Organisation);
    }

    [Fact]
    public async Task Malformed_posts_get_a_4xx_not_a_5xx()
    {
        var signUps = await ReadyAsync();
        var token = await signUps.TokenAsync("hostile");
        var bodies = new[]
        {
            new Dictionary<string, string> { ["_handler"] = "sign-up", ["__RequestVerificationToken"] = token, ["Form.Consent"] = "maybe" },
            new Dictionary<string, string> { ["_handler"] = "sign-up", ["__RequestVerificationToken"] = token, ["Form.Answers[x][y]"] = "z" },
            new Dictionary<string, string> { ["_handler"] = "no-such-form", ["__RequestVerificationToken"] = token },
            new Dictionary<string, string> { ["_handler"] = "sign-up", ["__RequestVerificationToken"] = "forged" },

            // No browser sends a NUL from a text field; the framework refuses such a form before it reaches us.
            new Dictionary<string, string>(SignUpClient.Fields("Ada\u0000Lovelace", "nul@example.org")) { ["_handler"] = "sign-up", ["__RequestVerificationToken"] = token },
        };

        foreach (var body in bodies)
        {
            using var content = new FormUrlEncodedContent(body);
            using var response = await signUps.Client.PostAsync(new Uri("/events/hostile/register", UriKind.Relative), content);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {string.Join('&', body.Keys)}");
        }

        using var missing = await signUps.Client.PostAsync(new Uri("/events/no-such-event/register", UriKind.Relative), new FormUrlEncodedContent(bodies[0]));
        Assert.True((int)missing.StatusCode < 500);
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Registrations.AnyAsync());
    }

    private async Task<SignUpClient> ReadyAsync()
    {
        await TestEvents.AddAsync(_app.DbFactory, "hostile", capacity: 50, new DateTime(2025, 7, 1, 10, 0, 0));
        return new SignUpClient(_app.CreateClient());
    }
}
