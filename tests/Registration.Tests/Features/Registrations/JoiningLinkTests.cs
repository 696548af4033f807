using System.Net;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.Registrations;

/// <summary>
/// An online event's joining link reaches the people with a place, on their manage page and in their own
/// calendar file, once the organisers have set it; nobody else, and no public page or file, ever shows it.
/// </summary>
public sealed partial class JoiningLinkTests(JoiningLinkTests.App app) : IClassFixture<JoiningLinkTests.App>
{
    private const string JoinUrl = "https://meet.example.org/secret-room-42";
    private static readonly DateTime July = new(2025, 7, 1, 10, 0, 0);
    private readonly SignUpClient _signUps = new(app.CreateClient());

    public sealed class App() : RegistrationAppFactory(seedSampleData: false);

    [Fact]
    public async Task Only_a_person_with_a_place_sees_the_joining_link_on_their_page_and_in_their_calendar_file()
    {
        await TestEvents.AddAsync(app.DbFactory, "online-set", capacity: 2, July, d => d with { Location = EventLocation.Online, OnlineJoinUrl = JoinUrl, WaitlistOfferHours = 24 });
        foreach (var (name, email) in new[] { ("Ada", "ada@example.org"), ("Bob", "bob@example.org"), ("Grace", "grace@example.org"), ("Kate", "kate@example.org") })
        {
            await _signUps.PostAsync("online-set", SignUpClient.Fields(name, email));
        }

        var ada = await app.Mail.ManageTokenForAsync("ada@example.org");
        var bob = await app.Mail.ManageTokenForAsync("bob@example.org");
        var grace = await app.Mail.ManageTokenForAsync("grace@example.org");
        var kate = await app.Mail.ManageTokenForAsync("kate@example.org");

        // Ada gives up her place: it is offered to Grace; Kate waits.
        var cancelPage = await HttpPage.GetAsync(_signUps.Client, $"/manage/cancel?token={ada}");
        using (var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "cancel", ["__RequestVerificationToken"] = cancelPage.AntiforgeryToken }))
        {
            using var cancelled = await _signUps.Client.PostAsync(new Uri($"/manage/cancel?token={ada}", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        ada = (await app.Mail.WaitForAsync(m => m.Subject == "Your registration is cancelled: Test event online-set")).ManageToken!;
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            var statuses = await db.Registrations.Where(r => r.Event!.Slug == "online-set").ToDictionaryAsync(r => r.Name, r => r.Status);
            Assert.Equal(RegistrationStatus.Cancelled, statuses["Ada"]);
            Assert.Equal(RegistrationStatus.Confirmed, statuses["Bob"]);
            Assert.Equal(RegistrationStatus.Offered, statuses["Grace"]);
            Assert.Equal(RegistrationStatus.Waitlisted, statuses["Kate"]);
        }

        var bobsPage = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={bob}");
        Assert.Contains($"Join online: {JoinUrl}", bobsPage.Text, StringComparison.Ordinal);
        Assert.Contains("data-add-to-calendar", bobsPage.Html, StringComparison.Ordinal);
        Assert.Contains($"manage/calendar.ics?token={bob}", bobsPage.Html, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(JoinUrl), bobsPage.Html, StringComparison.Ordinal);

        var bobsFile = await CalendarAsync(bob);
        Assert.Equal(HttpStatusCode.OK, bobsFile.Status);
        Assert.Contains($"LOCATION:{JoinUrl}", bobsFile.Body, StringComparison.Ordinal);
        Assert.Contains("Join online: ", bobsFile.Body, StringComparison.Ordinal);

        // Cancelled, offered a place not yet claimed, waiting.
        foreach (var token in new[] { ada, grace, kate })
        {
            var page = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={token}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain(JoinUrl, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-add-to-calendar", page.Html, StringComparison.Ordinal);
            var file = await CalendarAsync(token);
            Assert.Equal(HttpStatusCode.OK, file.Status);
            Assert.DoesNotContain(JoinUrl, file.Body, StringComparison.Ordinal);
            Assert.Contains("LOCATION:Online", file.Body, StringComparison.Ordinal);
        }

        // The public page and file never carry it.
        Assert.DoesNotContain(JoinUrl, (await HttpPage.GetAsync(_signUps.Client, "/events/online-set")).Html, StringComparison.Ordinal);
        using var publicFile = await _signUps.Client.GetAsync(new Uri("/events/online-set/calendar.ics", UriKind.Relative));
        Assert.DoesNotContain(JoinUrl, await publicFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_the_link_is_set_a_person_with_a_place_is_told_it_will_come()
    {
        await TestEvents.AddAsync(app.DbFactory, "online-unset", capacity: null, July, d => d with { Location = EventLocation.Online });
        await _signUps.PostAsync("online-unset", SignUpClient.Fields("Dora", "dora@example.org"));
        var dora = await app.Mail.ManageTokenForAsync("dora@example.org");

        var page = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={dora}");
        Assert.Contains("You have a place.", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Join online", page.Text, StringComparison.Ordinal);
        Assert.Contains("We will email you the joining link before the event, and it will be on this page.", page.Text, StringComparison.Ordinal);
        var file = await CalendarAsync(dora);
        Assert.DoesNotContain("Join online", file.Body, StringComparison.Ordinal);
        Assert.Contains("LOCATION:Online", file.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_the_event_is_cancelled_its_joining_link_is_gone_from_the_page_and_the_calendar_file_of_a_person_with_a_place()
    {
        await TestEvents.AddAsync(app.DbFactory, "online-off", capacity: null, July, d => d with { Location = EventLocation.Online, OnlineJoinUrl = JoinUrl });
        await _signUps.PostAsync("online-off", SignUpClient.Fields("Gil", "gil@example.org"));
        var gil = await app.Mail.ManageTokenForAsync("gil@example.org");
        Assert.Contains(JoinUrl, (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={gil}")).Html, StringComparison.Ordinal);

        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            (await db.Events.SingleAsync(e => e.Slug == "online-off")).Cancel("The speaker is ill.");
            await db.SaveChangesAsync();
        }

        var page = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={gil}");
        Assert.Contains("The event has been cancelled", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(JoinUrl, page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-add-to-calendar", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("joining link before the event", page.Text, StringComparison.Ordinal);
        var file = await CalendarAsync(gil);
        Assert.Contains("STATUS:CANCELLED", file.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(JoinUrl, file.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_personal_calendar_file_is_protected_like_the_manage_page_and_unknown_links_get_404()
    {
        await TestEvents.AddAsync(app.DbFactory, "online-headers", capacity: null, July, d => d with { Location = EventLocation.Online, OnlineJoinUrl = JoinUrl });
        await _signUps.PostAsync("online-headers", SignUpClient.Fields("Eve", "eve@example.org"));
        var eve = await app.Mail.ManageTokenForAsync("eve@example.org");

        using var response = await _signUps.Client.GetAsync(new Uri($"/manage/calendar.ics?token={eve}", UriKind.Relative));
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("online-headers.ics", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri($"/manage/calendar.ics?token={eve}", UriKind.Relative));
        using var headResponse = await _signUps.Client.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await CalendarAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await CalendarAsync(string.Empty)).Status);
        using var noToken = await _signUps.Client.GetAsync(new Uri("/manage/calendar.ics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, noToken.StatusCode);
    }

    [Fact]
    public async Task The_personal_file_has_the_sequence_of_the_files_emailed_so_calendars_update_the_same_entry()
    {
        await TestEvents.AddAsync(app.DbFactory, "online-again", capacity: null, July, d => d with { Location = EventLocation.Online, OnlineJoinUrl = JoinUrl });
        await _signUps.PostAsync("online-again", SignUpClient.Fields("Fay", "fay@example.org"));
        var first = await app.Mail.ManageTokenForAsync("fay@example.org");
        var cancelPage = await HttpPage.GetAsync(_signUps.Client, $"/manage/cancel?token={first}");
        using (var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "cancel", ["__RequestVerificationToken"] = cancelPage.AntiforgeryToken }))
        {
            using var cancelled = await _signUps.Client.PostAsync(new Uri($"/manage/cancel?token={first}", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        await _signUps.PostAsync("online-again", SignUpClient.Fields("Fay", "fay@example.org"));
        var again = await app.Mail.WaitForAsync(m => m.Subject == "You're registered: Test event online-again" && m.ManageToken != first);
        var emailed = Sequence().Match(again.Attachments.Single(a => a.FileName == "online-again.ics").Content).Value;

        var file = await CalendarAsync(again.ManageToken!);
        Assert.Equal("SEQUENCE:2", emailed);
        Assert.Contains(emailed + "\r\n", file.Body, StringComparison.Ordinal);
        Assert.Contains($"LOCATION:{JoinUrl}", file.Body, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> CalendarAsync(string token)
    {
        using var response = await _signUps.Client.GetAsync(new Uri($"/manage/calendar.ics?token={Uri.EscapeDataString(token)}", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [System.Text.RegularExpressions.GeneratedRegex("SEQUENCE:[0-9]+")]
    private static partial System.Text.RegularExpressions.Regex Sequence();
}
