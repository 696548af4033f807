using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Privacy;

namespace Registration.Tests.Features.Privacy;

/// <summary>
/// <c>/my-data</c> over HTTP, on the app's clock: the same answer for any address, a link emailed only to
/// one that has registrations, which works once within an hour and only when its button is pressed; the page
/// and its JSON list everything held, and deleting it removes the person from every table.
/// </summary>
public sealed partial class MyDataTests(MyDataTests.App fixture) : IClassFixture<MyDataTests.App>
{
    /// <summary>One app for the class: each test uses its own events and addresses.</summary>
    public sealed class App : IDisposable
    {
        public AppWithoutScheduler Host { get; } = new(new Dictionary<string, string>());

        public void Dispose() => Host.Dispose();
    }

    private AppWithoutScheduler Host => fixture.Host;

    private static readonly DateTime Start = new(2026, 9, 10, 10, 0, 0);

    [Fact]
    public async Task A_known_and_an_unknown_address_get_the_same_page_and_only_the_known_one_an_email()
    {
        await TestEvents.AddAsync(Host.DbFactory, "same-answer", null, Start);
        await MyDataClient.SignUpAsync(Host, "same-answer", "Known Person", "known@example.org", "Org", "None", "None", null);
        var client = Host.CreateClient();

        var known = await MyDataClient.AskAsync(client, "Known@Example.org");
        var unknown = await MyDataClient.AskAsync(client, "stranger@example.org");

        Assert.Equal(HttpStatusCode.OK, known.Status);
        Assert.Equal(known.Status, unknown.Status);
        Assert.Contains("If we hold anything for that address, we have emailed it a link", known.Text, StringComparison.Ordinal);
        Assert.Equal(Normalised(known.Html), Normalised(unknown.Html));
        Assert.DoesNotContain("known@example.org", known.Html, StringComparison.OrdinalIgnoreCase);

        await using var db = await Host.DbFactory.CreateDbContextAsync();
        var sent = await db.Outbox.Where(m => m.Kind == MessageKind.DataAccessLink).ToListAsync();
        var message = Assert.Single(sent, m => m.ToAddress == "known@example.org");
        Assert.DoesNotContain(sent, m => m.ToAddress.Contains("stranger", StringComparison.Ordinal));
        Assert.Null(message.RegistrationId);
        Assert.Null(message.EventId);

        // The email has the link, says how long it works, and names no event.
        var link = await MyDataClient.LinkSentToAsync(Host, "known@example.org");
        var mail = (await Host.Mail.ReadAllAsync()).Last(m => m.Subject.StartsWith("Your data", StringComparison.Ordinal));
        Assert.Contains("works once, for 1 hour", mail.Text, StringComparison.Ordinal);
        Assert.Contains("If you did not ask for it, you can ignore this email", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("same-answer", mail.Text + mail.Html, StringComparison.Ordinal);
        Assert.StartsWith("my-data/link?token=", link, StringComparison.Ordinal);

        // Only the link's hash is kept.
        var token = Uri.UnescapeDataString(link["my-data/link?token=".Length..]);
        var request = await db.Set<DataAccessRequest>().SingleAsync(r => r.NormalizedEmail == "KNOWN@EXAMPLE.ORG");
        Assert.Equal(ManageToken.HashOf(token), request.Hash);
        Assert.Null((await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == message.Id)).ProtectedPayload);
    }

    [Fact]
    public async Task An_address_that_is_not_one_gets_a_field_error_and_nothing_is_sent()
    {
        var page = await MyDataClient.AskAsync(Host.CreateClient(), "not an address");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Enter an email address in the correct format", page.Text, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("If we hold anything", page.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ada@")]
    [InlineData("ädä@example.org")]
    [InlineData("ada@example.org\r\nBcc: x@example.org")]
    public async Task Bad_addresses_get_a_field_error(string email)
    {
        var page = await MyDataClient.AskAsync(Host.CreateClient(), email);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("There is a problem", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("If we hold anything", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_or_with_a_made_up_one_nothing_is_shown_nor_deleted_and_nothing_fails()
    {
        await TestEvents.AddAsync(Host.DbFactory, "no-session", null, Start);
        await MyDataClient.SignUpAsync(Host, "no-session", "Kept Safe", "kept@example.org", "Org", "None", "None", null);
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", MyDataSessions.CookieName + "=made-up");

        using (var response = await client.GetAsync(new Uri("/my-data/held", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore);
            Assert.Contains("This page has closed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var token = (await HttpPage.GetAsync(client, "/my-data")).AntiforgeryToken;
        var delete = await MyDataClient.PostAsync(client, "/my-data/delete", "erase-my-data", token, []);
        Assert.Equal(HttpStatusCode.OK, delete.Status);
        Assert.Contains("Nothing was deleted", delete.Text, StringComparison.Ordinal);
        Assert.Contains("This page has closed", (await HttpPage.GetAsync(client, "/my-data/export.json")).Text, StringComparison.Ordinal);
        foreach (var link in new[] { "/my-data/link", "/my-data/link?token=", "/my-data/link?token=" + new string('x', 5000) })
        {
            var page = await HttpPage.GetAsync(client, link);
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.Contains("This link does not work", page.Text, StringComparison.Ordinal);
        }

        await using var db = await Host.DbFactory.CreateDbContextAsync();
        Assert.True(await db.Registrations.AnyAsync(r => r.Name == "Kept Safe"));
    }

    [Fact]
    public async Task Opening_the_link_uses_nothing_pressing_its_button_uses_it_and_a_second_press_is_refused()
    {
        await TestEvents.AddAsync(Host.DbFactory, "once", null, Start);
        await MyDataClient.SignUpAsync(Host, "once", "Once Only", "once@example.org", "Org", "None", "None", null);
        var person = Host.CreateClient();
        await MyDataClient.AskAsync(person, "once@example.org");
        var link = await MyDataClient.LinkSentToAsync(Host, "once@example.org");

        // A mail scanner fetches the link, twice: each time the button, and the link still works.
        var scanner = Host.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            var looked = await HttpPage.GetAsync(scanner, "/" + link);
            Assert.Equal(HttpStatusCode.OK, looked.Status);
            Assert.Contains("Show my data", looked.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Once Only", looked.Text, StringComparison.Ordinal);
        }

        var shown = await MyDataClient.OpenAsync(person, link);
        Assert.Contains("Once Only", shown.Text, StringComparison.Ordinal);
        Assert.Contains("data-my-data-registration", shown.Html, StringComparison.Ordinal);

        // The page reloads while the session lasts; the link itself is spent, from any browser.
        Assert.Contains("Once Only", (await HttpPage.GetAsync(person, "/my-data/held")).Text, StringComparison.Ordinal);
        var again = await HttpPage.GetAsync(person, "/" + link);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Contains("It has been used already, or it has run out", again.Text, StringComparison.Ordinal);

        // A second press of the button, from the page opened before it was used, is told the same.
        var other = Host.CreateClient();
        var scannerToken = (await HttpPage.GetAsync(scanner, "/my-data")).AntiforgeryToken;
        var refused = await MyDataClient.PostAsync(scanner, "/" + link, "show-my-data", scannerToken, []);
        Assert.Contains("It has been used already, or it has run out", refused.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Once Only", refused.Text, StringComparison.Ordinal);
        Assert.Contains("This page has closed", (await HttpPage.GetAsync(other, "/my-data/held")).Text, StringComparison.Ordinal);
        Assert.Contains("This page has closed", (await HttpPage.GetAsync(scanner, "/my-data/held")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_runs_out_after_an_hour_and_so_does_the_page_it_opened()
    {
        await TestEvents.AddAsync(Host.DbFactory, "hour", null, Start);
        await MyDataClient.SignUpAsync(Host, "hour", "Hour Glass", "hour@example.org", "Org", "None", "None", null);
        var client = Host.CreateClient();

        await MyDataClient.AskAsync(client, "hour@example.org");
        var late = await MyDataClient.LinkSentToAsync(Host, "hour@example.org");
        Host.Clock.Now += TimeSpan.FromMinutes(30);
        await MyDataClient.AskAsync(client, "hour@example.org");
        var early = await MyDataClient.LinkSentToAsync(Host, "hour@example.org");
        Assert.NotEqual(late, early);

        // 61 minutes after the first link was sent, 31 after the second.
        Host.Clock.Now += TimeSpan.FromMinutes(31);
        var expired = await MyDataClient.OpenAsync(client, late);
        Assert.Equal(HttpStatusCode.NotFound, expired.Status);
        Assert.Contains("It has been used already, or it has run out", expired.Text, StringComparison.Ordinal);

        var shown = await MyDataClient.OpenAsync(client, early);
        Assert.True(shown.Text.Contains("Hour Glass", StringComparison.Ordinal), shown.Text);
        // The page stays open until the hour from the link's sending is up, and not after.
        Host.Clock.Now += TimeSpan.FromMinutes(28);
        Assert.Contains("Hour Glass", (await HttpPage.GetAsync(client, "/my-data/held")).Text, StringComparison.Ordinal);
        Host.Clock.Now += TimeSpan.FromMinutes(1);
        var closed = await HttpPage.GetAsync(client, "/my-data/held");
        Assert.Contains("This page has closed", closed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hour Glass", closed.Text, StringComparison.Ordinal);

        // The hourly job forgets the links that ran out, and who their emails went to.
        Assert.Contains(Host.Services.GetServices<RecurringJob>(), j => j.JobType == typeof(SpentLinksJob) && j.Interval == TimeSpan.FromHours(1));
        await using (var db = await Host.DbFactory.CreateDbContextAsync())
        {
            Assert.True(await db.Set<DataAccessRequest>().AnyAsync(r => r.NormalizedEmail == "HOUR@EXAMPLE.ORG"));
            Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == MessageKind.DataAccessLink && m.ToAddress == "hour@example.org"));
        }

        Assert.True(await Host.Services.GetRequiredService<MyDataService>().ForgetSpentLinksAsync() >= 3);
        await using (var db = await Host.DbFactory.CreateDbContextAsync())
        {
            Assert.False(await db.Set<DataAccessRequest>().AnyAsync(r => r.NormalizedEmail == "HOUR@EXAMPLE.ORG"));
            Assert.False(await db.Outbox.AnyAsync(m => m.Kind == MessageKind.DataAccessLink && m.ToAddress == "hour@example.org"));
            Assert.True(await db.Outbox.AnyAsync(m => m.Kind == MessageKind.DataAccessLink && m.ToAddress == string.Empty && m.SentAtUtc != null));
        }
    }

    [Fact]
    public async Task The_page_and_its_download_list_every_registration_at_every_event_with_every_field_and_the_emails()
    {
        await TestEvents.AddAsync(Host.DbFactory, "list-one", null, Start, d => d with { BuiltInFields = BuiltInFields.All, Questions = [EventQuestion.Create(string.Empty, "Which session?", QuestionKind.SingleChoice, ["Morning", "Afternoon"], required: false)] });
        await TestEvents.AddAsync(Host.DbFactory, "list-two", 1, Start.AddDays(7), d => d with { BuiltInFields = BuiltInFields.All, Title = "Second & last" });
        await MyDataClient.SignUpAsync(Host, "list-one", "Lister Person", "lister@example.org", "Listing Ltd", "A ramp, please", "Vegan", "Afternoon");
        await MyDataClient.SignUpAsync(Host, "list-two", "Someone Else", "else@example.org", "Other", string.Empty, string.Empty, null);
        await MyDataClient.SignUpAsync(Host, "list-two", "Lister P.", "LISTER@example.org", "Listing Ltd", string.Empty, "Vegan", null);
        await using (var db = await Host.DbFactory.CreateDbContextAsync())
        {
            var first = await db.Registrations.SingleAsync(r => r.Name == "Lister Person");
            first.CheckIn(Host.Clock.GetUtcNow().UtcDateTime, "door@example.org");
            first.SetNotes("Asked for a front seat");
            await db.SaveChangesAsync();
        }

        var client = Host.CreateClient();
        await MyDataClient.AskAsync(client, "lister@example.org");
        var page = await MyDataClient.OpenAsync(client, await MyDataClient.LinkSentToAsync(Host, "lister@example.org"));

        Assert.Equal(2, Regex.Count(page.Html, "data-my-data-registration>"));
        foreach (var expected in new[]
        {
            "Test event list-one", "Second & last", "Lister Person", "Lister P.", "lister@example.org", "LISTER@example.org", "Listing Ltd",
            "Access needs A ramp, please", "Dietary needs Vegan", "Which session? Afternoon", "Access needs Not given",
            "Registered, with a place", "On the waiting list", "Organisers' notes Asked for a front seat",
            "Event starts Thursday 10 September 2026, 10:00 UK time", "Checked in Sunday",
        })
        {
            Assert.Contains(expected, page.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Someone Else", page.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://events.example.org/events/list-two\"", page.Html, StringComparison.Ordinal);

        // The emails: each confirmation, the waiting-list email, and the link itself, with when they went.
        Assert.Equal(3, Regex.Count(page.Html, "data-my-data-email>"));
        Assert.Contains("Registration confirmed (Test event list-one)", page.Text, StringComparison.Ordinal);
        Assert.Contains("Added to the waiting list (Second & last)", page.Text, StringComparison.Ordinal);
        Assert.Contains("Link to see your data", page.Text, StringComparison.Ordinal);
        Assert.Contains("Sent Sunday", page.Text, StringComparison.Ordinal);

        using var response = await client.GetAsync(new Uri("/my-data/export.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var registrations = json.RootElement.GetProperty("registrations").EnumerateArray().ToList();
        Assert.Equal(2, registrations.Count);
        var one = registrations.Single(r => r.GetProperty("event").GetString() == "Test event list-one");
        Assert.Equal("Lister Person", one.GetProperty("name").GetString());
        Assert.Equal("Listing Ltd", one.GetProperty("organisation").GetString());
        Assert.Equal("Asked for a front seat", one.GetProperty("organiserNotes").GetString());
        Assert.NotEqual(JsonValueKind.Null, one.GetProperty("checkedInAtUtc").ValueKind);
        var answers = one.GetProperty("answers").EnumerateArray().ToDictionary(a => a.GetProperty("question").GetString()!, a => a.GetProperty("answer").GetString());
        Assert.Equal("A ramp, please", answers["Access needs"]);
        Assert.Equal("Vegan", answers["Dietary needs"]);
        Assert.Equal("Afternoon", answers["Which session?"]);
        Assert.Equal(3, json.RootElement.GetProperty("emails").GetArrayLength());

        // Without the session there is no download.
        using var stranger = await Host.CreateClient().GetAsync(new Uri("/my-data/export.json", UriKind.Relative));
        Assert.DoesNotContain("Lister", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_from_the_page_removes_the_person_from_every_table_and_passes_the_place_on()
    {
        await TestEvents.AddAsync(Host.DbFactory, "erase-full", 1, Start);
        await TestEvents.AddAsync(Host.DbFactory, "erase-other", null, Start.AddDays(1));
        await MyDataClient.SignUpAsync(Host, "erase-full", "Zenobia Quartermaine", "zenobia@example.org", "Palmyra Trust", "Step-free", "Halal", null);
        await MyDataClient.SignUpAsync(Host, "erase-full", "Next Inline", "next@example.org", "Org", string.Empty, string.Empty, null);
        await MyDataClient.SignUpAsync(Host, "erase-other", "Zenobia Quartermaine", "Zenobia@Example.org", "Palmyra Trust", string.Empty, string.Empty, null);

        var client = Host.CreateClient();
        await MyDataClient.AskAsync(client, "zenobia@example.org");
        var held = await MyDataClient.OpenAsync(client, await MyDataClient.LinkSentToAsync(Host, "zenobia@example.org"));
        Assert.Contains("Delete all my data", held.Text, StringComparison.Ordinal);
        var cookie = await SessionCookieAsync(client);

        var confirm = await HttpPage.GetAsync(client, "/my-data/delete");
        Assert.Contains("It cannot be undone", confirm.Text, StringComparison.Ordinal);
        Assert.Contains("goes to the next person on the waiting list", confirm.Text, StringComparison.Ordinal);
        Assert.Contains("We do not email you about it", confirm.Text, StringComparison.Ordinal);
        int emails;
        await using (var db = await Host.DbFactory.CreateDbContextAsync())
        {
            Assert.Equal(2, await db.Registrations.CountAsync(r => r.Name == "Zenobia Quartermaine"));
            emails = (await db.Outbox.Select(m => m.ToAddress).ToListAsync()).Count(a => a.Equals("zenobia@example.org", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(3, emails);
        }

        var done = await MyDataClient.PostAsync(client, "/my-data/delete", "erase-my-data", confirm.AntiforgeryToken, []);
        Assert.Contains($"Removed 2 registrations and {emails} emails", done.Text, StringComparison.Ordinal);

        // The place went to the next person, who is told; nothing went to the person who left.
        await using (var db = await Host.DbFactory.CreateDbContextAsync())
        {
            Assert.Equal(RegistrationStatus.Confirmed, (await db.Registrations.SingleAsync(r => r.Name == "Next Inline")).Status);
            Assert.True(await db.Outbox.AnyAsync(m => m.ToAddress == "next@example.org" && m.Kind == MessageKind.PromotedFromWaitingList));
            Assert.False(await db.Outbox.AnyAsync(m => m.Status == Registration.Web.Domain.OutboxStatus.Pending && m.ToAddress == string.Empty));
        }

        var everything = await EveryValueAsync(Path.Combine(Host.DataDirectory, "registration.db"));
        foreach (var personal in new[] { "Zenobia", "Quartermaine", "zenobia@example.org", "ZENOBIA@EXAMPLE.ORG", "Palmyra", "Halal" })
        {
            Assert.DoesNotContain(personal, everything, StringComparison.OrdinalIgnoreCase);
        }

        await using (var db = await Host.DbFactory.CreateDbContextAsync())
        {
            Assert.True(await db.Audit.AnyAsync(a => a.Action == "erase personal data" && a.Actor == MyDataService.Actor));
        }

        // The session ended with the erasure, in this browser and for the old cookie sent again from another.
        Assert.Contains("This page has closed", (await HttpPage.GetAsync(client, "/my-data/held")).Text, StringComparison.Ordinal);
        var replay = Host.CreateClient();
        replay.DefaultRequestHeaders.Add("Cookie", cookie!);
        var afterwards = await HttpPage.GetAsync(replay, "/my-data/held");
        Assert.Contains("This page has closed", afterwards.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Delete all my data", afterwards.Text, StringComparison.Ordinal);
        var export = await HttpPage.GetAsync(replay, "/my-data/export.json");
        Assert.Contains("This page has closed", export.Text, StringComparison.Ordinal);
    }

    /// <summary>The session cookie as the browser holds it, to send again after the session ended.</summary>
    private static async Task<string> SessionCookieAsync(HttpClient client)
    {
        // The test client adds its cookies to each request it sends.
        using var response = await client.GetAsync(new Uri("/my-data/held", UriKind.Relative));
        var sent = response.RequestMessage?.Headers.TryGetValues("Cookie", out var values) == true ? string.Join("; ", values) : null;
        return sent ?? throw new InvalidOperationException("The browser sent no session cookie.");
    }

    private static async Task<string> EveryValueAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var all = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    all.Append(reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return all.ToString();
    }

    /// <summary>The page without what differs on every response: the antiforgery token and Blazor's encrypted component state.</summary>
    internal static string Normalised(string html) => ComponentState().Replace(AntiforgeryValue().Replace(html, "value=\"TOKEN\""), "<!--STATE-->");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"[^\"]+\"")]
    private static partial Regex AntiforgeryValue();

    [GeneratedRegex("<!--Blazor-Server-Component-State:[^>]*-->")]
    private static partial Regex ComponentState();
}
