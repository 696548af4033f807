using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Registrations;

/// <summary>The sign-up form at its edges, over HTTP as a browser posts it: empty questions, addresses mail cannot reach, coming back after cancelling.</summary>
public sealed partial class SignUpEdgeTests : IDisposable
{
    private static readonly DateTime July = new(2025, 7, 1, 10, 0, 0);
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);
    private readonly SignUpClient _signUps;

    public SignUpEdgeTests() => _signUps = new SignUpClient(_app.CreateClient());

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Every_kind_of_question_left_empty_gets_its_message_or_is_skipped_never_a_500()
    {
        await TestEvents.AddAsync(_app.DbFactory, "questions", capacity: 10, July, d => d with
        {
            Questions =
            [
                EventQuestion.Create("session", "Which session?", QuestionKind.SingleChoice, ["Morning", "Afternoon"], required: true),
                EventQuestion.Create("role", "Your role", QuestionKind.Text, null, required: true),
                EventQuestion.Create("lunch", "Lunch?", QuestionKind.SingleChoice, ["Yes", "No"], required: false),
                EventQuestion.Create("notes", "Anything else", QuestionKind.Text, null, required: false),
            ],
        });

        // A browser sends nothing at all for an unticked choice, and an empty string for an empty text box.
        var nothing = await _signUps.PostAsync("questions", SignUpClient.Fields("Ada", "ada@example.org"));
        Assert.Equal(HttpStatusCode.OK, nothing.Status);
        Assert.Contains("Choose an answer to \"Which session?\".", nothing.Text, StringComparison.Ordinal);
        Assert.Contains("Answer \"Your role\".", nothing.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Lunch?\".", nothing.Text, StringComparison.Ordinal);

        var emptyText = new Dictionary<string, string>(SignUpClient.Fields("Ada", "ada@example.org"))
        {
            ["Form.Answers[role]"] = "   ",
            ["Form.Answers[notes]"] = string.Empty,
        };
        var blank = await _signUps.PostAsync("questions", emptyText);
        Assert.Equal(HttpStatusCode.OK, blank.Status);
        Assert.Contains("Choose an answer to \"Which session?\".", blank.Text, StringComparison.Ordinal);
        Assert.Contains("Answer \"Your role\".", blank.Text, StringComparison.Ordinal);

        var requiredOnly = new Dictionary<string, string>(SignUpClient.Fields("Ada", "ada@example.org"))
        {
            ["Form.Answers[session]"] = "Morning",
            ["Form.Answers[role]"] = "Researcher",
        };
        Assert.Equal("confirmed", SignUpClient.Status(await _signUps.PostAsync("questions", requiredOnly)));
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        var answers = (await db.Registrations.SingleAsync()).Answers;
        Assert.Equal(new Dictionary<string, string> { ["session"] = "Morning", ["role"] = "Researcher" }, answers);
    }

    [Fact]
    public async Task An_address_with_letters_mail_cannot_carry_before_the_at_is_refused_with_a_message_and_an_accented_domain_is_fine()
    {
        await TestEvents.AddAsync(_app.DbFactory, "addresses", capacity: 10, July);

        foreach (var address in new[] { "jürgen@example.org", "山田@example.jp", "zoë.smith@example.org" })
        {
            var refused = await _signUps.PostAsync("addresses", SignUpClient.Fields("Jürgen", address));
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            Assert.Null(SignUpClient.Status(refused));
            Assert.Contains("We cannot send email to an address with accented or non-Latin letters before the @.", refused.Text, StringComparison.Ordinal);
            Assert.Contains($"value=\"{address}\"", WebUtility.HtmlDecode(refused.Html), StringComparison.Ordinal);
        }

        // A decomposed accent (u + combining diaeresis) gets the same message, not "wrong format".
        var decomposed = await _signUps.PostAsync("addresses", SignUpClient.Fields("Jürgen", "ju\u0308rgen@example.org"));
        Assert.Contains("We cannot send email to an address with accented or non-Latin letters before the @.", decomposed.Text, StringComparison.Ordinal);

        Assert.Equal("confirmed", SignUpClient.Status(await _signUps.PostAsync("addresses", SignUpClient.Fields("Jürgen", "jurgen@bücher.example"))));
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        var saved = await db.Registrations.SingleAsync();
        Assert.Equal("jurgen@bücher.example", saved.Email);
        Assert.Equal("JURGEN@XN--BCHER-KVA.EXAMPLE", saved.NormalizedEmail);

        // The same mailbox written with its ASCII domain (as browsers send it) is the same person: no second place.
        Assert.Equal("check-email", SignUpClient.Status(await _signUps.PostAsync("addresses", SignUpClient.Fields("Jürgen", "JURGEN@xn--bcher-kva.example"))));

        // And that form is shown back, and kept, as people read it.
        var ascii = await _signUps.PostAsync("addresses", SignUpClient.Fields("Ada", "ada@xn--bcher-kva.example"));
        Assert.Equal("confirmed", SignUpClient.Status(ascii));
        await using var check = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal("ada@bücher.example", (await check.Registrations.SingleAsync(r => r.Name == "Ada")).Email);
    }

    [Fact]
    public async Task A_domain_that_mail_would_silently_rewrite_is_refused_so_one_mailbox_cannot_take_many_places()
    {
        await TestEvents.AddAsync(_app.DbFactory, "mailbox", capacity: 10, July);
        Assert.Equal("confirmed", SignUpClient.Status(await _signUps.PostAsync("mailbox", SignUpClient.Fields("Victim", "victim@example.org"))));

        // A soft hyphen vanishes and full-width letters turn plain when mail converts the domain: each
        // looks like a new address here but is delivered to victim@example.org.
        foreach (var disguised in new[] { "victim@exam\u00ADple.org", "victim@\uFF45xample.org", "victim@example\u3002org" })
        {
            var page = await _signUps.PostAsync("mailbox", SignUpClient.Fields("Victim", disguised));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Null(SignUpClient.Status(page));
            Assert.Contains("Enter an email address in the correct format", page.Text, StringComparison.Ordinal);
        }

        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal(1, await db.Registrations.CountAsync());
    }

    [Fact]
    public async Task Registering_again_after_cancelling_sends_a_calendar_sequence_above_the_cancellation()
    {
        await TestEvents.AddAsync(_app.DbFactory, "again", capacity: 10, July);
        var manage = _app.Services.GetRequiredService<ManageService>();

        await _signUps.PostAsync("again", SignUpClient.Fields("Ada", "ada@example.org"));
        await manage.CancelAsync(await ConfirmationTokenAsync(mailSoFar: 1));
        await _signUps.PostAsync("again", SignUpClient.Fields("Ada", "ada@example.org"));
        await manage.CancelAsync(await ConfirmationTokenAsync(mailSoFar: 3));
        await _signUps.PostAsync("again", SignUpClient.Fields("Ada", "ada@example.org"));

        await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var mail = await _app.Mail.WaitForCountAsync(5);
        var calendars = mail.Select(m => Assert.Single(m.Attachments))
            .Select(a => (a.Method, Sequence: int.Parse(Sequence().Match(a.Content).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

        Assert.Equal([("PUBLISH", 0), ("CANCEL", 1), ("PUBLISH", 2), ("CANCEL", 3), ("PUBLISH", 4)], calendars);
    }

    /// <summary>The link in the newest confirmation, once <paramref name="mailSoFar"/> emails have arrived.</summary>
    private async Task<string> ConfirmationTokenAsync(int mailSoFar)
    {
        await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var mail = await _app.Mail.WaitForCountAsync(mailSoFar);
        return mail.Last(m => m.Subject.StartsWith("You're registered", StringComparison.Ordinal)).ManageToken!;
    }

    [GeneratedRegex(@"SEQUENCE:(\d+)")]
    private static partial Regex Sequence();
}
