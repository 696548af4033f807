using System.Net;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.Registrations;

/// <summary>The sign-up form over HTTP, as a browser posts it, on 1 June 2025.</summary>
public sealed class SignUpPageTests : IDisposable
{
    private static readonly DateTime July = new(2025, 7, 1, 10, 0, 0);
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);
    private readonly SignUpClient _signUps;

    public SignUpPageTests() => _signUps = new SignUpClient(_app.CreateClient());

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_sign_up_takes_a_place_and_the_next_one_joins_the_waiting_list()
    {
        await TestEvents.AddAsync(_app.DbFactory, "small", capacity: 1, July);

        var form = await HttpPage.GetAsync(_signUps.Client, "/events/small/register");
        Assert.Contains("Registration is open: 1 place left.", form.Text, StringComparison.Ordinal);
        Assert.Contains(">Register</button>", form.Html, StringComparison.Ordinal);

        var first = await _signUps.PostAsync("small", SignUpClient.Fields("Siân Ó Dálaigh", "sian@example.org"));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("confirmed", SignUpClient.Status(first));
        Assert.Contains("You have a place", first.Text, StringComparison.Ordinal);

        var full = await HttpPage.GetAsync(_signUps.Client, "/events/small/register");
        Assert.Contains("This event is full. You can join the waiting list", full.Text, StringComparison.Ordinal);
        Assert.Contains(">Join the waiting list</button>", full.Html, StringComparison.Ordinal);

        var second = await _signUps.PostAsync("small", SignUpClient.Fields("Zoë", "zoe@example.org"));
        Assert.Equal("waitlisted", SignUpClient.Status(second));
        Assert.Equal(1, SignUpClient.WaitlistPosition(second));
        Assert.Contains("You are on the waiting list, number 1", second.Text, StringComparison.Ordinal);

        await using var db = await _app.DbFactory.CreateDbContextAsync();
        var saved = await db.Registrations.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(["Siân Ó Dálaigh", "Zoë"], saved.Select(r => r.Name));
        Assert.Equal([RegistrationStatus.Confirmed, RegistrationStatus.Waitlisted], saved.Select(r => r.Status));
        var outbox = await db.Outbox.OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([MessageKind.RegistrationConfirmed, MessageKind.Waitlisted], outbox.Select(m => m.Kind));

        var mail = await _app.Mail.WaitForCountAsync(2);
        Assert.Contains(mail, m => m.Subject == "You're registered: Test event small" && m.ManageToken is not null);
        Assert.Contains(mail, m => m.Subject == "You're on the waiting list: Test event small" && m.Text!.Contains("at number 1", StringComparison.Ordinal));
        await using var after = await _app.DbFactory.CreateDbContextAsync();

        // The dispatcher records each send just after the server takes it.
        await Eventually.TrueAsync(() => after.Outbox.AllAsync(m => m.Status == OutboxStatus.Sent));
        Assert.All(await after.Outbox.AsNoTracking().ToListAsync(), m =>
        {
            Assert.Equal(OutboxStatus.Sent, m.Status);
            Assert.Null(m.ProtectedPayload);
        });
    }

    [Fact]
    public async Task Every_field_gets_its_own_message_and_nothing_is_saved()
    {
        await TestEvents.AddAsync(_app.DbFactory, "questions", capacity: 10, July, d => d with
        {
            Questions =
            [
                EventQuestion.Create("session", "Which session?", QuestionKind.SingleChoice, ["Morning", "Afternoon"], required: true),
                EventQuestion.Create("role", "Your role", QuestionKind.Text, null, required: true),
            ],
        });

        var page = await _signUps.PostAsync("questions", new Dictionary<string, string>
        {
            ["Form.Name"] = "  ",
            ["Form.Email"] = "not-an-email",
            ["Form.Organisation"] = new string('o', 201),
            ["Form.AccessNeeds"] = new string('a', 1001),
            ["Form.Answers[session]"] = "Evening",
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(SignUpClient.Status(page));
        Assert.Contains("There is a problem", page.Text, StringComparison.Ordinal);
        foreach (var message in new[]
        {
            "Enter your name.",
            "Enter an email address in the correct format, like name@example.org.",
            "Your organisation must be 200 characters or fewer.",
            "Access needs must be 1000 characters or fewer.",
            "Choose one of the answers offered for \"Which session?\".",
            "Answer \"Your role\".",
            "Tick the box to agree to us keeping your details for this event.",
        })
        {
            Assert.Contains(message, page.Text, StringComparison.Ordinal);
        }

        Assert.Contains("<title>Error: Register for", page.Html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"name-error\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"not-an-email\"", page.Html, StringComparison.Ordinal);
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Registrations.AnyAsync());
    }

    [Theory]
    [InlineData("", "Enter your email address.")]
    [InlineData("a@b", "Enter an email address in the correct format")]
    [InlineData("Name <a@example.org>", "Enter an email address in the correct format")]
    [InlineData("a@example.org\r\nBcc: victim@example.org", "Enter an email address in the correct format")]
    public async Task Bad_email_addresses_are_refused(string email, string message)
    {
        await TestEvents.AddAsync(_app.DbFactory, "emails", capacity: null, July);

        var page = await _signUps.PostAsync("emails", SignUpClient.Fields("Ada", email));

        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        Assert.Null(SignUpClient.Status(page));
    }

    [Fact]
    public async Task A_name_of_more_than_200_characters_is_refused_and_200_is_accepted()
    {
        await TestEvents.AddAsync(_app.DbFactory, "names", capacity: null, July);

        var tooLong = await _signUps.PostAsync("names", SignUpClient.Fields(new string('n', 201), "long@example.org"));
        Assert.Contains("Your name must be 200 characters or fewer.", tooLong.Text, StringComparison.Ordinal);

        var longest = await _signUps.PostAsync("names", SignUpClient.Fields(new string('n', 200), "long@example.org"));
        Assert.Equal("confirmed", SignUpClient.Status(longest));
    }

    [Fact]
    public async Task Signing_up_twice_takes_no_second_place_and_answers_with_the_neutral_page()
    {
        await TestEvents.AddAsync(_app.DbFactory, "twice", capacity: 5, July);
        await _signUps.PostAsync("twice", SignUpClient.Fields("Ada Lovelace", "ada@example.org"));

        var again = await _signUps.PostAsync("twice", SignUpClient.Fields("Someone Else", "  ADA@Example.org "));

        Assert.Equal("check-email", SignUpClient.Status(again));
        Assert.Contains("<h1 id=\"result-title\">Check your email</h1>", again.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-add-to-calendar", again.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada Lovelace", again.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("confirmed", again.Text, StringComparison.OrdinalIgnoreCase);
        await using var check = await _app.DbFactory.CreateDbContextAsync();
        var registration = await check.Registrations.SingleAsync();
        Assert.Equal("Ada Lovelace", registration.Name);
        var resent = await check.Outbox.OrderBy(m => m.Id).LastAsync();
        Assert.Equal(MessageKind.ManageLinkResent, resent.Kind);
        Assert.Equal("ada@example.org", resent.ToAddress);
    }

    [Fact]
    public async Task Each_state_of_the_registration_window_is_shown_and_only_an_open_one_has_a_form()
    {
        var now = _app.Clock.GetUtcNow().UtcDateTime;
        await TestEvents.AddAsync(_app.DbFactory, "opens-later", 10, July, d => d with { RegistrationOpensAtUtc = new DateTime(2025, 6, 10, 8, 0, 0, DateTimeKind.Utc) });
        await TestEvents.AddAsync(_app.DbFactory, "opens-sometime", 10, July, d => d with { RegistrationOpeningNote = "Early 2026" });
        await TestEvents.AddAsync(_app.DbFactory, "closed", 10, July, d => d with { RegistrationClosesAtUtc = now.AddDays(-1) });
        await TestEvents.AddAsync(_app.DbFactory, "finished", 10, new DateTime(2025, 5, 1, 10, 0, 0));
        var cancelled = await TestEvents.AddAsync(_app.DbFactory, "called-off", 10, July);
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            var ev = await db.Events.SingleAsync(e => e.Id == cancelled.Id);
            ev.Cancel();
            await db.SaveChangesAsync();
        }

        var expectations = new Dictionary<string, string>
        {
            ["opens-later"] = "Registration is not open yet. Registration opens on Tuesday 10 June 2025.",
            ["opens-sometime"] = "Registration opens: Early 2026.",
            ["closed"] = "Registration has closed.",
            ["finished"] = "This event has finished.",
            ["called-off"] = "Registration is closed because the event has been cancelled.",
        };
        foreach (var (slug, text) in expectations)
        {
            var page = await HttpPage.GetAsync(_signUps.Client, $"/events/{slug}/register");
            Assert.Contains(text, page.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("<form", page.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_post_after_registration_closed_saves_nothing()
    {
        await TestEvents.AddAsync(_app.DbFactory, "closing", 10, July, d => d with { RegistrationClosesAtUtc = new DateTime(2025, 6, 1, 10, 0, 0, DateTimeKind.Utc) });
        var token = await _signUps.TokenAsync("closing");
        _app.Clock.Now = new DateTimeOffset(2025, 6, 1, 10, 0, 1, TimeSpan.Zero);

        var page = await _signUps.PostAsync("closing", SignUpClient.Fields("Late Comer", "late@example.org"), token);

        Assert.Equal("not-open", SignUpClient.Status(page));
        Assert.Contains("<h1 id=\"result-title\">We could not register you</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains("Registration has closed. Nothing has been saved.", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("data-add-to-calendar", page.Html, StringComparison.Ordinal);
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Registrations.AnyAsync());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        await TestEvents.AddAsync(_app.DbFactory, "forged", 10, July);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>(SignUpClient.Fields("Mallory", "m@example.org")) { ["_handler"] = "sign-up" });

        using var response = await _app.CreateClient().PostAsync(new Uri("/events/forged/register", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Registrations.AnyAsync());
    }
}
