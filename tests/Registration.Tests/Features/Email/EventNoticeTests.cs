using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Features.Calendar;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Import;

namespace Registration.Tests.Features.Email;

/// <summary>"Venue TBC" becomes a real venue, then the event is called off: everyone registered hears, with calendar updates.</summary>
public sealed class EventNoticeTests : IDisposable
{
    private const string Page = """
        ---
        title: Power and participation
        slug: power
        starts: 2025-07-04T10:00
        ends: 2025-07-04T17:00
        location: Manchester (venue TBC)
        capacity: 1
        ---
        A conference.
        """;

    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_new_venue_sends_updates_with_a_newer_calendar_and_cancelling_sends_a_calendar_cancel()
    {
        await ImportAsync(Page);
        var signUps = new SignUpClient(_app.CreateClient());
        await signUps.PostAsync("power", SignUpClient.Fields("Ada", "ada@example.org"));
        await signUps.PostAsync("power", SignUpClient.Fields("Grace", "grace@example.org"));
        await signUps.PostAsync("power", SignUpClient.Fields("Gone", "gone@example.org"));
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            (await db.Registrations.SingleAsync(r => r.Name == "Gone")).Cancel(_app.Clock.GetUtcNow().UtcDateTime, EventRegistration.ByAttendee);
            await db.SaveChangesAsync();
        }

        Guid uid;
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            uid = (await db.Events.SingleAsync()).CalendarUid;
        }

        await ImportAsync(Page.Replace("Manchester (venue TBC)", "Friends Meeting House, Manchester", StringComparison.Ordinal));

        var adaUpdate = await _app.Mail.WaitForAsync(m => m.Subject == "Changed: Power and participation" && m.To.Contains("ada@", StringComparison.Ordinal));
        Assert.Contains("Where: Friends Meeting House, Manchester", adaUpdate.Text, StringComparison.Ordinal);

        // What it was is taken from the event before the import changed it; the time did not change, so is not listed.
        Assert.Contains("Where: was Manchester (venue TBC), now Friends Meeting House, Manchester", adaUpdate.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("When: was", adaUpdate.Text, StringComparison.Ordinal);
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            Assert.Equal("Where: Manchester (venue TBC) → Friends Meeting House, Manchester.", (await db.Announcements.SingleAsync()).Body);
        }

        var calendar = Assert.Single(adaUpdate.Attachments);
        Assert.Contains($"UID:{uid:D}", calendar.Content, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:1", calendar.Content, StringComparison.Ordinal);
        Assert.Contains("LOCATION:Friends Meeting House\\, Manchester", calendar.Content, StringComparison.Ordinal);
        var graceUpdate = await _app.Mail.WaitForAsync(m => m.Subject == "Changed: Power and participation" && m.To.Contains("grace@", StringComparison.Ordinal));
        Assert.Empty(graceUpdate.Attachments);
        Assert.DoesNotContain(await _app.Mail.ReadAllAsync(), m => m.Subject.StartsWith("Changed", StringComparison.Ordinal) && m.To.Contains("gone@", StringComparison.Ordinal));

        int eventId;
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            eventId = (await db.Events.SingleAsync()).Id;
        }

        var notices = _app.Services.GetRequiredService<EventNotices>();
        Assert.Equal(EventCancelOutcome.Cancelled, (await notices.CancelEventAsync(eventId, "org@example.org")).Outcome);
        Assert.Equal(EventCancelOutcome.AlreadyCancelled, (await notices.CancelEventAsync(eventId, "org@example.org")).Outcome);

        var cancelled = await _app.Mail.WaitForAsync(m => m.Subject == "Cancelled: Power and participation" && m.To.Contains("ada@", StringComparison.Ordinal));
        var cancel = Assert.Single(cancelled.Attachments);
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Contains("METHOD:CANCEL", cancel.Content, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", cancel.Content, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:2", cancel.Content, StringComparison.Ordinal);
        Assert.Contains("Power and participation|2025-07-04 09:00:00+00:00", await PythonIcalendar.ReadAsync(cancel.Content), StringComparison.Ordinal);
        await _app.Mail.WaitForAsync(m => m.Subject == "Cancelled: Power and participation" && m.To.Contains("grace@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_message_kind_reads_plainly()
    {
        await ImportAsync(Page.Replace("location: Manchester (venue TBC)", "location: Online\nonline_url: https://zoom.example.org/j/9", StringComparison.Ordinal));
        var signUps = new SignUpClient(_app.CreateClient());
        await signUps.PostAsync("power", SignUpClient.Fields("Ada", "ada@example.org"));
        await signUps.PostAsync("power", SignUpClient.Fields("Grace", "grace@example.org"));
        var adaToken = await _app.Mail.ManageTokenForAsync("ada@example.org");
        var waiting = await _app.Mail.WaitForAsync(m => m.Subject == "You're on the waiting list: Power and participation");
        Assert.Contains("at number 1", waiting.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("zoom.example.org", waiting.Text, StringComparison.Ordinal);

        var cancelPage = await HttpPage.GetAsync(signUps.Client, $"/manage/cancel?token={adaToken}");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "cancel", ["__RequestVerificationToken"] = cancelPage.AntiforgeryToken });
        using var response = await signUps.Client.PostAsync(new Uri($"/manage/cancel?token={adaToken}", UriKind.Relative), form);

        var promoted = await _app.Mail.WaitForAsync(m => m.Subject == "A place has come free: you're registered for Power and participation");
        Assert.Contains("Join online: https://zoom.example.org/j/9", promoted.Text, StringComparison.Ordinal);
        Assert.Equal("PUBLISH", Assert.Single(promoted.Attachments).Method);
        var cancelled = await _app.Mail.WaitForAsync(m => m.Subject == "Your registration is cancelled: Power and participation");
        Assert.Equal("CANCEL", Assert.Single(cancelled.Attachments).Method);

        _app.Clock.Now = new DateTimeOffset(2025, 7, 4, 8, 30, 0, TimeSpan.Zero);
        await _app.Services.GetRequiredService<ReminderQueue>().QueueDueAsync();
        var reminder = await _app.Mail.WaitForAsync(m => m.Subject == "Reminder: Power and participation starts in 1 hour");
        Assert.Contains("grace@example.org", reminder.To, StringComparison.Ordinal);
        Assert.Contains("Join online: https://zoom.example.org/j/9", reminder.Text, StringComparison.Ordinal);
        Assert.Contains("When: Friday 4 July 2025, 10:00–17:00 UK time", reminder.Text, StringComparison.Ordinal);
    }

    private async Task ImportAsync(string text)
    {
        var path = Path.Combine(_app.DataDirectory, "power.md");
        await File.WriteAllTextAsync(path, text);
        var report = await _app.Services.GetRequiredService<EventImporter>().ImportAsync([path]);
        Assert.NotEqual(ImportOutcome.Skipped, Assert.Single(report.Files).Outcome);
    }
}
