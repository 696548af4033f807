using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.Registrations;

/// <summary>
/// The manage page as the person's registration: everything they gave, changed from a form checked as the
/// sign-up form is, until the event's changes close; over HTTP against the real app and database.
/// </summary>
public sealed partial class ChangeDetailsTests(ChangeDetailsTests.App app) : IClassFixture<ChangeDetailsTests.App>
{
    private static readonly DateTime July = new(2025, 7, 1, 10, 0, 0);
    private static readonly DateTimeOffset June = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly SignUpClient _signUps = new(app.CreateClient());

    public sealed class App() : RegistrationAppFactory(seedSampleData: false);

    [Fact]
    public async Task Each_field_is_shown_and_changed_from_the_manage_page_and_the_audit_names_the_fields_not_the_answers()
    {
        app.Clock.Now = June;
        await AddAsync("edit-all");
        var token = await SignUpAdaAsync("edit-all", "ada@example.org");

        var manage = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={token}");
        foreach (var shown in new[] { "Name Ada", "Email ada@example.org", "Organisation Engines Ltd", "Access needs Step-free entrance", "Dietary needs Vegan", "Your role Analyst", "Session Morning", "Topics Health, care; Schools" })
        {
            Assert.Contains(shown, manage.Text, StringComparison.Ordinal);
        }

        Assert.Contains("Change my details", manage.Text, StringComparison.Ordinal);

        var form = await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={token}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("value=\"Engines Ltd\"", form.Html, StringComparison.Ordinal);
        Assert.Matches("id=\"answer-session-0\"[^>]*value=\"Morning\" checked", form.Html);
        Assert.Matches("id=\"answer-topics-2\"[^>]*value=\"Schools\" checked", form.Html);
        Assert.DoesNotContain("name=\"Form.Consent\"", form.Html, StringComparison.Ordinal);
        var outboxBefore = await OutboxCountAsync();

        var saved = await PostEditAsync(token, form, Fields("Ada Lovelace", "ada@example.org") with
        {
            Organisation = "Analytical Engines",
            Access = "Hearing loop, please",
            Dietary = "No nuts",
            Role = "Engineer",
            Session = "Afternoon",
            Topics = [(1, "Work")],
        });

        Assert.Contains("Your changes are saved.", saved.Text, StringComparison.Ordinal);
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            var ada = await db.Registrations.SingleAsync(r => r.Event!.Slug == "edit-all");
            Assert.Equal("Ada Lovelace", ada.Name);
            Assert.Equal("Analytical Engines", ada.Organisation);
            Assert.Equal(
                new Dictionary<string, string>
                {
                    [SignUpDetails.AccessNeedsKey] = "Hearing loop, please",
                    [SignUpDetails.DietaryNeedsKey] = "No nuts",
                    ["role"] = "Engineer",
                    ["session"] = "Afternoon",
                    ["topics"] = "Work",
                },
                ada.Answers);
            Assert.Equal(RegistrationStatus.Confirmed, ada.Status);
            Assert.Equal("ada@example.org", ada.Email);
            Assert.Contains("lovelace", ada.SearchText, StringComparison.Ordinal);
            Assert.DoesNotContain("vegan", ada.SearchText, StringComparison.Ordinal);

            var audit = await db.Audit.SingleAsync(a => a.EventId == ada.EventId);
            Assert.Equal("attendee", audit.Actor);
            Assert.Equal("changed their details", audit.Action);
            Assert.Equal($"Registration {ada.Id}: name, organisation, access needs, dietary needs, answer to \"Your role\", answer to \"Session\", answer to \"Topics\"", audit.Details);
        }

        // Changing details moves no place and sends nothing.
        Assert.Equal(outboxBefore, await OutboxCountAsync());

        var after = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={token}");
        Assert.Contains("Name Ada Lovelace", after.Text, StringComparison.Ordinal);
        Assert.Contains("Access needs Hearing loop, please", after.Text, StringComparison.Ordinal);
        Assert.Contains("Topics Work", after.Text, StringComparison.Ordinal);

        // One field changed, one field named; clearing an optional answer is a change too.
        var again = await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={token}");
        await PostEditAsync(token, again, Fields("Ada Lovelace", "ada@example.org") with
        {
            Organisation = "Analytical Engines",
            Access = "Hearing loop, please",
            Dietary = string.Empty,
            Role = "Engineer",
            Session = "Afternoon",
            Topics = [(1, "Work")],
        });
        await using var check = await app.DbFactory.CreateDbContextAsync();
        var last = await check.Audit.Where(a => a.Action == "changed their details").OrderBy(a => a.Id).LastAsync();
        Assert.EndsWith(": dietary needs", last.Details, StringComparison.Ordinal);
        Assert.False((await check.Registrations.SingleAsync(r => r.Event!.Slug == "edit-all")).Answers.ContainsKey(SignUpDetails.DietaryNeedsKey));
    }

    [Fact]
    public async Task Errors_are_shown_as_on_the_sign_up_form_and_nothing_is_saved()
    {
        app.Clock.Now = June;
        await AddAsync("edit-bad");
        var token = await SignUpAdaAsync("edit-bad", "ada.bad@example.org");
        var form = await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={token}");

        var refused = await PostEditAsync(token, form, Fields(" ", "ada@example") with
        {
            Organisation = new string('x', EventRegistration.MaxOrganisationLength + 1),
            Role = string.Empty,
            Session = "Evening",
        });

        Assert.StartsWith("Error: ", TitleOf(refused), StringComparison.Ordinal);
        Assert.Contains("There is a problem", refused.Text, StringComparison.Ordinal);
        foreach (var message in new[] { "Enter your name.", "Enter an email address in the correct format", "Your organisation must be 200 characters or fewer.", "Answer \"Your role\".", "Choose one of the answers offered for \"Session\"." })
        {
            Assert.Contains(message, refused.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Tick the box", refused.Text, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", refused.Html, StringComparison.Ordinal);

        await using var db = await app.DbFactory.CreateDbContextAsync();
        var ada = await db.Registrations.SingleAsync(r => r.Email == "ada.bad@example.org");
        Assert.Equal("Ada", ada.Name);
        Assert.Equal("Engines Ltd", ada.Organisation);
        Assert.Equal("Morning", ada.Answers["session"]);
        Assert.Null(ada.PendingEmail);
        Assert.False(await db.Audit.AnyAsync(a => a.EventId == ada.EventId));

        // An address someone registered already uses is not refused here, which would tell Ada who else is
        // registered: a link goes to it as to any, and only its owner learns, on opening it, that it cannot be used.
        await _signUps.PostAsync("edit-bad", Form("Grace", "grace.bad@example.org"));
        var taken = await PostEditAsync(token, await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={token}"), Fields("Ada", "Grace.Bad@example.org"));
        Assert.DoesNotContain("already", taken.Text, StringComparison.Ordinal);
        Assert.Contains("Grace.Bad@example.org", taken.Text, StringComparison.Ordinal);

        await using var after = await app.DbFactory.CreateDbContextAsync();
        Assert.Equal("Grace.Bad@example.org", (await after.Registrations.SingleAsync(r => r.Email == "ada.bad@example.org")).PendingEmail);
    }

    [Fact]
    public async Task After_changes_close_the_form_is_not_offered_and_a_post_is_refused()
    {
        app.Clock.Now = June;
        await AddAsync("edit-closes", d => d with { ChangesCloseAtUtc = new DateTime(2025, 6, 20, 16, 0, 0, DateTimeKind.Utc) });
        await AddAsync("edit-default");
        var token = await SignUpAdaAsync("edit-closes", "ada.late@example.org");
        var onTime = await SignUpAdaAsync("edit-default", "ada.late@example.org");
        var form = await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={token}");
        Assert.Contains("You can change these until Friday 20 June 2025, 17:00 UK time", form.Text, StringComparison.Ordinal);

        app.Clock.Now = new DateTimeOffset(2025, 6, 20, 16, 0, 0, TimeSpan.Zero);
        var late = await PostEditAsync(token, form, Fields("Ada Late", "ada.late@example.org"));
        Assert.Contains("Changes closed on Friday 20 June 2025, 17:00 UK time. To change anything now, reply to any of our emails.", late.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Save my changes", late.Text, StringComparison.Ordinal);

        var manage = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={token}");
        Assert.Contains("Changes closed on Friday 20 June 2025, 17:00 UK time", manage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Change my details", manage.Text, StringComparison.Ordinal);
        Assert.Contains("Cancel my registration", manage.Text, StringComparison.Ordinal);

        // With no time set, changes close when the event starts.
        Assert.Contains("Change my details", (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={onTime}")).Text, StringComparison.Ordinal);
        app.Clock.Now = new DateTimeOffset(2025, 7, 1, 9, 0, 0, TimeSpan.Zero);
        var started = await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={onTime}");
        Assert.Contains("Changes closed on Tuesday 1 July 2025, 10:00 UK time", started.Text, StringComparison.Ordinal);

        await using var db = await app.DbFactory.CreateDbContextAsync();
        Assert.All(await db.Registrations.Where(r => r.Email == "ada.late@example.org").ToListAsync(), r => Assert.Equal("Ada", r.Name));
    }

    [Fact]
    public async Task A_new_address_is_used_only_once_the_link_sent_to_it_is_opened_and_the_old_address_is_told()
    {
        app.Clock.Now = June;
        await AddAsync("edit-email");
        var token = await SignUpAdaAsync("edit-email", "ada.old@example.org");
        var form = await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={token}");

        var sent = await PostEditAsync(token, form, Fields("Ada", "ada.new@example.org"));
        Assert.Contains("We have sent a link to ada.new@example.org; your address changes when you open it.", sent.Text, StringComparison.Ordinal);
        Assert.Equal("ada.old@example.org", (await RegistrationAsync("edit-email")).Email);
        Assert.Contains("your address changes when you open it", (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={token}")).Text, StringComparison.Ordinal);

        var mail = await app.Mail.WaitForAsync(m => m.To.Contains("ada.new@example.org", StringComparison.Ordinal) && m.Subject == "Confirm your new email address: Test event edit-email");
        Assert.Null(mail.ManageToken);
        var link = ConfirmLink(mail.Text!);

        // Opening the link shows what it would do; only confirming makes the change.
        var confirm = await HttpPage.GetAsync(_signUps.Client, link);
        Assert.Contains("Use ada.new@example.org for your registration for Test event edit-email?", confirm.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ada.old@example.org", confirm.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello Ada", mail.Text, StringComparison.Ordinal);
        Assert.Equal("ada.old@example.org", (await RegistrationAsync("edit-email")).Email);

        var done = await PostConfirmAsync(link, confirm);
        Assert.Contains("Your email address is changed", done.Text, StringComparison.Ordinal);
        var ada = await RegistrationAsync("edit-email");
        Assert.Equal("ada.new@example.org", ada.Email);
        Assert.Equal("ADA.NEW@EXAMPLE.ORG", ada.NormalizedEmail);
        Assert.Null(ada.PendingEmail);
        Assert.Contains("ada.new@example.org", ada.SearchText, StringComparison.Ordinal);

        // The old address is told, with no link: whoever reads it no longer manages the registration.
        var notice = await app.Mail.WaitForAsync(m => m.To.Contains("ada.old@example.org", StringComparison.Ordinal) && m.Subject == "Your email address was changed: Test event edit-email");
        Assert.Contains("reply to this email", notice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ada.new@example.org", notice.Text, StringComparison.Ordinal);
        Assert.Null(notice.ManageToken);

        // The links sent to the old address stop working; the new address gets one that works.
        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={token}")).Status);
        var welcome = await app.Mail.WaitForAsync(m => m.To.Contains("ada.new@example.org", StringComparison.Ordinal) && m.Subject == "Your registration now uses this address: Test event edit-email");
        Assert.Contains("Email ada.new@example.org", (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={welcome.ManageToken}")).Text, StringComparison.Ordinal);

        // The confirmation link works once.
        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(_signUps.Client, link)).Status);
        var replay = await PostConfirmAsync(link, confirm);
        Assert.Contains("This link has been used already", replay.Text, StringComparison.Ordinal);

        await using var db = await app.DbFactory.CreateDbContextAsync();
        Assert.Equal(["asked to change their email address", "changed their email address"], await db.Audit.Where(a => a.EventId == ada.EventId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task A_change_of_address_asked_for_with_a_forwarded_link_is_stopped_by_keeping_the_address_or_turning_links_off()
    {
        app.Clock.Now = June;
        await AddAsync("edit-hijack");
        var own = await SignUpAdaAsync("edit-hijack", "ada.own@example.org");

        // Someone with a forwarded link asks to move the registration to their address.
        var forwarded = await ResendLinkAsync("edit-hijack", "ada.own@example.org");
        await PostEditAsync(forwarded, await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={forwarded}"), Fields("Ada", "stranger@example.net"));
        var stolen = ConfirmLink((await app.Mail.WaitForAsync(m => m.To.Contains("stranger@example.net", StringComparison.Ordinal))).Text!);

        // Ada keeps her address from her page: the stranger's link stops working.
        var page = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={own}");
        Assert.Contains("We have sent a link to stranger@example.net", page.Text, StringComparison.Ordinal);
        var kept = await PostFormAsync($"/manage?token={own}", page, "keep-address");
        Assert.Contains("Done: your address stays ada.own@example.org", kept.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("We have sent a link to", kept.Text, StringComparison.Ordinal);
        var confirmPage = await HttpPage.GetAsync(_signUps.Client, stolen);
        Assert.Equal(HttpStatusCode.NotFound, confirmPage.Status);
        Assert.Contains("This link has been used already", (await PostConfirmAsync(stolen, page)).Text, StringComparison.Ordinal);

        // Asked again; this time Ada turns her other links off, which stops the change too.
        await PostEditAsync(forwarded, await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={forwarded}"), Fields("Ada", "stranger2@example.net"));
        var again = ConfirmLink((await app.Mail.WaitForAsync(m => m.To.Contains("stranger2@example.net", StringComparison.Ordinal))).Text!);
        await PostFormAsync($"/manage?token={own}", await HttpPage.GetAsync(_signUps.Client, $"/manage?token={own}"), "revoke-links");
        Assert.Contains("This link has been used already", (await PostConfirmAsync(again, page)).Text, StringComparison.Ordinal);
        Assert.Equal("ada.own@example.org", (await RegistrationAsync("edit-hijack")).Email);
    }

    [Fact]
    public async Task The_newest_request_wins_links_run_out_and_a_cancelled_or_taken_address_is_not_moved()
    {
        app.Clock.Now = June;
        await AddAsync("edit-race");
        var token = await SignUpAdaAsync("edit-race", "ada.race@example.org");
        var form = await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={token}");

        await PostEditAsync(token, form, Fields("Ada", "first@example.org"));
        var first = ConfirmLink((await app.Mail.WaitForAsync(m => m.To.Contains("first@example.org", StringComparison.Ordinal))).Text!);
        await PostEditAsync(token, form, Fields("Ada", "second@example.org"));
        var second = ConfirmLink((await app.Mail.WaitForAsync(m => m.To.Contains("second@example.org", StringComparison.Ordinal))).Text!);
        var page = await HttpPage.GetAsync(_signUps.Client, second);
        Assert.Contains("This link has been used already", (await PostConfirmAsync(first, page)).Text, StringComparison.Ordinal);

        // Someone registers with the new address before it is confirmed.
        await _signUps.PostAsync("edit-race", Form("Second", "second@example.org"));
        Assert.Contains("This address is already registered for this event", (await PostConfirmAsync(second, page)).Text, StringComparison.Ordinal);
        Assert.Equal("ada.race@example.org", (await RegistrationAsync("edit-race", "Ada")).Email);

        // A link runs out after a day.
        await PostEditAsync(token, form, Fields("Ada", "third@example.org"));
        var third = ConfirmLink((await app.Mail.WaitForAsync(m => m.To.Contains("third@example.org", StringComparison.Ordinal))).Text!);
        app.Clock.Now += EventRegistration.EmailChangeLifespan;
        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(_signUps.Client, third)).Status);
        Assert.Contains("This link has run out", (await PostConfirmAsync(third, page)).Text, StringComparison.Ordinal);

        // A registration cancelled meanwhile keeps its address.
        await PostEditAsync(token, form, Fields("Ada", "fourth@example.org"));
        var fourth = ConfirmLink((await app.Mail.WaitForAsync(m => m.To.Contains("fourth@example.org", StringComparison.Ordinal))).Text!);
        var cancelPage = await HttpPage.GetAsync(_signUps.Client, $"/manage/cancel?token={token}");
        using (var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "cancel", ["__RequestVerificationToken"] = cancelPage.AntiforgeryToken }))
        {
            using var cancelled = await _signUps.Client.PostAsync(new Uri($"/manage/cancel?token={token}", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        Assert.Contains("Your registration was cancelled", (await PostConfirmAsync(fourth, page)).Text, StringComparison.Ordinal);
        Assert.Equal("ada.race@example.org", (await RegistrationAsync("edit-race", "Ada")).Email);
    }

    [Fact]
    public async Task A_post_without_fields_or_from_a_dead_link_changes_nothing_and_says_so()
    {
        app.Clock.Now = June;
        await AddAsync("edit-hostile");
        var token = await SignUpAdaAsync("edit-hostile", "ada.hostile@example.org");
        var form = await HttpPage.GetAsync(_signUps.Client, $"/manage/edit?token={token}");

        foreach (var (link, status, words) in new[]
        {
            (token, HttpStatusCode.OK, "Nothing had changed, so there was nothing to save."),
            ("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", HttpStatusCode.NotFound, "This link does not work"),
        })
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "change-details", ["__RequestVerificationToken"] = form.AntiforgeryToken });
            using var response = await _signUps.Client.PostAsync(new Uri($"/manage/edit?token={link}", UriKind.Relative), content);
            Assert.Equal(status, response.StatusCode);
            Assert.Contains(words, new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync()).Text, StringComparison.Ordinal);
        }

        using (var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "confirm-email", ["__RequestVerificationToken"] = form.AntiforgeryToken }))
        {
            using var response = await _signUps.Client.PostAsync(new Uri("/manage/email?token=not-a-real-link", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Your email address is not changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(_signUps.Client, "/manage/email?token=not-a-real-link")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(_signUps.Client, "/manage/edit")).Status);
        Assert.Equal("Ada", (await RegistrationAsync("edit-hostile")).Name);
    }

    private async Task AddAsync(string slug, Func<EventDetails, EventDetails>? change = null) =>
        await TestEvents.AddAsync(app.DbFactory, slug, capacity: 10, July, d =>
        {
            var details = d with
            {
                BuiltInFields = BuiltInFields.All,
                Questions =
                [
                    EventQuestion.Create("role", "Your role", QuestionKind.Text, null, required: true),
                    EventQuestion.Create("session", "Session", QuestionKind.SingleChoice, ["Morning", "Afternoon"], required: false),
                    EventQuestion.Create("topics", "Topics", QuestionKind.MultipleChoice, ["Health, care", "Work", "Schools"], required: false),
                ],
            };
            return change is null ? details : change(details);
        });

    private async Task<string> SignUpAdaAsync(string slug, string email)
    {
        Assert.Equal("confirmed", SignUpClient.Status(await _signUps.PostAsync(slug, AdaFields(email))));
        return (await app.Mail.WaitForAsync(m => m.To.Contains(email, StringComparison.Ordinal) && m.Subject == $"You're registered: Test event {slug}")).ManageToken!;
    }

    private static Dictionary<string, string> AdaFields(string email) =>
        new(SignUpClient.Fields("Ada", email))
        {
            ["Form.Organisation"] = "Engines Ltd",
            ["Form.AccessNeeds"] = "Step-free entrance",
            ["Form.DietaryNeeds"] = "Vegan",
            ["Form.Answers[role]"] = "Analyst",
            ["Form.Answers[session]"] = "Morning",
            ["Form.Picked[topics/0]"] = "Health, care",
            ["Form.Picked[topics/2]"] = "Schools",
        };

    private static Dictionary<string, string> Form(string name, string email) =>
        new(SignUpClient.Fields(name, email)) { ["Form.Answers[role]"] = "Analyst" };

    private static Edit Fields(string name, string email) => new(name, email);

    /// <summary>The edit form as a browser posts it: what Ada signed up with (<see cref="SignUpAdaAsync"/>), but for what a test changes.</summary>
    private sealed record Edit(string Name, string Email)
    {
        public string? Organisation { get; init; } = "Engines Ltd";

        public string? Access { get; init; } = "Step-free entrance";

        public string? Dietary { get; init; } = "Vegan";

        public string? Role { get; init; } = "Analyst";

        public string? Session { get; init; } = "Morning";

        public IReadOnlyList<(int Index, string Option)> Topics { get; init; } = [(0, "Health, care"), (2, "Schools")];
    }

    private async Task<HttpPage> PostEditAsync(string token, HttpPage formPage, Edit edit)
    {
        var form = new Dictionary<string, string>
        {
            ["_handler"] = "change-details",
            ["__RequestVerificationToken"] = formPage.AntiforgeryToken,
            ["Form.Name"] = edit.Name,
            ["Form.Email"] = edit.Email,
            ["Form.Organisation"] = edit.Organisation ?? string.Empty,
            ["Form.AccessNeeds"] = edit.Access ?? string.Empty,
            ["Form.DietaryNeeds"] = edit.Dietary ?? string.Empty,
            ["Form.Answers[role]"] = edit.Role ?? string.Empty,
        };
        if (edit.Session is not null)
        {
            form["Form.Answers[session]"] = edit.Session;
        }

        foreach (var (index, option) in edit.Topics)
        {
            form[$"Form.Picked[topics/{index}]"] = option;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await _signUps.Client.PostAsync(new Uri($"/manage/edit?token={token}", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A second link to Ada's registration, as the form emails one when her address is entered again: the one she forwarded.</summary>
    private async Task<string> ResendLinkAsync(string slug, string email)
    {
        await _signUps.PostAsync(slug, AdaFields(email));
        return (await app.Mail.WaitForAsync(m => m.To.Contains(email, StringComparison.Ordinal) && m.Subject == $"Your link for Test event {slug}")).ManageToken!;
    }

    private async Task<HttpPage> PostFormAsync(string path, HttpPage page, string form)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = form, ["__RequestVerificationToken"] = page.AntiforgeryToken });
        using var response = await _signUps.Client.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpPage> PostConfirmAsync(string link, HttpPage page)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "confirm-email", ["__RequestVerificationToken"] = page.AntiforgeryToken });
        using var response = await _signUps.Client.PostAsync(new Uri(link, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<EventRegistration> RegistrationAsync(string slug, string name = "Ada")
    {
        await using var db = await app.DbFactory.CreateDbContextAsync();
        return await db.Registrations.SingleAsync(r => r.Event!.Slug == slug && r.Name == name);
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var db = await app.DbFactory.CreateDbContextAsync();
        return await db.Outbox.CountAsync();
    }

    private static string ConfirmLink(string text) => "/" + ConfirmLinkPattern().Match(text).Groups[1].Value;

    private static string TitleOf(HttpPage page) => WebUtility.HtmlDecode(TitlePattern().Match(page.Html).Groups[1].Value);

    [GeneratedRegex(@"https?://[^/\s]+/(manage/email\?token=[A-Za-z0-9_%-]+)")]
    private static partial Regex ConfirmLinkPattern();

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex TitlePattern();
}
