using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Features.Calendar;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Email;

/// <summary>Mail from sign-ups to a real SMTP server on loopback, read back with Python's email parser.</summary>
public sealed class EmailDeliveryTests : IAsyncLifetime
{
    private static readonly DateTime July = new(2025, 7, 9, 14, 0, 0);
    private SmtpServer _smtp = null!;
    private RegistrationAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync();
        _app = new RegistrationAppFactory(seedSampleData: false, settings: SmtpSettings(_smtp.Port));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private ManageLinks Links => _app.Services.GetRequiredService<ManageLinks>();

    public static Dictionary<string, string> SmtpSettings(int port) => new()
    {
        ["Email:Mode"] = "Smtp",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:StartTls"] = "false",
        ["Email:From"] = "events@example.org",
        ["Email:FromName"] = "Connected by Data",
        ["Email:ReplyTo"] = "hello@example.org",
    };

    [Fact]
    public async Task A_confirmation_has_both_parts_the_right_headers_the_links_and_a_calendar_file()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "cop", capacity: 10, July, d => d with
        {
            Title = "Community of Practice",
            Location = EventLocation.Online,
            OnlineJoinUrl = "https://zoom.example.org/j/123",
        });
        var signUps = new SignUpClient(_app.CreateClient());
        await signUps.PostAsync("cop", SignUpClient.Fields("Siân Ó Dálaigh", "Sian@Example.org"));

        var mail = await _smtp.Mail.WaitForAsync(m => m.Subject == "You're registered: Community of Practice");

        Assert.Empty(mail.Defects);
        Assert.True(mail.MultipartAlternative, "text and HTML parts side by side");
        Assert.Equal("Siân Ó Dálaigh <Sian@Example.org>", mail.To);
        Assert.Equal("Connected by Data <events@example.org>", mail.Header("from"));
        Assert.Equal("hello@example.org", mail.Header("reply-to"));
        Assert.Equal("Sian@Example.org", mail.Header("x-rcptto").Trim());
        Assert.Matches("^<[0-9a-f]{32}@example.org>$", mail.Header("message-id"));
        Assert.Equal("auto-generated", mail.Header("auto-submitted"));
        Assert.Contains("Hello Siân Ó Dálaigh,", mail.Text, StringComparison.Ordinal);
        Assert.Contains("When: Wednesday 9 July 2025, 14:00–16:00 UK time", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Join online: https://zoom.example.org/j/123", mail.Text, StringComparison.Ordinal);
        Assert.Contains("https://events.example.org/manage?token=" + mail.ManageToken, mail.Text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://zoom.example.org/j/123\">", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Siân Ó Dálaigh", mail.Html, StringComparison.Ordinal);

        var calendar = Assert.Single(mail.Attachments);
        Assert.Equal("text/calendar", calendar.ContentType);
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal("cop.ics", calendar.FileName);
        var parsed = await PythonIcalendar.ReadAsync(calendar.Content);
        Assert.Contains("Community of Practice|2025-07-09 13:00:00+00:00", parsed, StringComparison.Ordinal);
        Assert.Contains($"UID:{ev.CalendarUid:D}", calendar.Content, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:0", calendar.Content, StringComparison.Ordinal);
        Assert.Contains("METHOD:PUBLISH", calendar.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Line_breaks_in_a_stored_name_or_title_never_make_a_header_or_a_recipient()
    {
        await TestEvents.AddAsync(_app.DbFactory, "inject", capacity: null, July);
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            // Data that bypassed the form (a future import or a database edit) must still be safe to send.
            // One transaction, so that the dispatcher, woken by the new message, sees it only as edited.
            await using var transaction = await db.Database.BeginTransactionAsync();
            var ev = await db.Events.SingleAsync(e => e.Slug == "inject");
            var (registration, _) = EventRegistration.Create(ev.Id, Domain.EventRegistrationTests.Details("Eve", "eve@example.org"), true, _app.Clock.GetUtcNow().UtcDateTime);
            db.Registrations.Add(registration);
            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.RegistrationConfirmed, _app.Clock.GetUtcNow().UtcDateTime, Links.Issue(registration, _app.Clock.GetUtcNow().UtcDateTime)));
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE OutboxMessages SET ToName = 'Eve' || char(13) || char(10) || 'Bcc: victim@example.org'; " +
                "UPDATE Events SET Title = 'Party' || char(13) || char(10) || 'Bcc: victim2@example.org' WHERE Slug = 'inject';");
            await transaction.CommitAsync();
        }

        await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var mail = await _smtp.Mail.WaitForAsync(m => m.Subject.StartsWith("You're registered", StringComparison.Ordinal));

        Assert.False(mail.Headers.ContainsKey("bcc"));
        Assert.Equal("eve@example.org", mail.Header("x-rcptto").Trim());
        Assert.Equal(["\"Eve Bcc: victim@example.org\" <eve@example.org>"], mail.Headers["to"]);
        Assert.Equal("You're registered: Party Bcc: victim2@example.org", mail.Subject);
        Assert.DoesNotContain('\n', mail.Subject);
        Assert.DoesNotContain('\n', mail.To);
    }

    [Fact]
    public async Task With_the_mail_server_down_five_sign_ups_wait_and_arrive_once_when_it_is_back()
    {
        await TestEvents.AddAsync(_app.DbFactory, "outage", capacity: 10, July);
        await _smtp.StopAsync();
        var signUps = new SignUpClient(_app.CreateClient());
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal("confirmed", SignUpClient.Status(await signUps.PostAsync("outage", SignUpClient.Fields($"Person {i}", $"person{i}@example.org"))));
        }

        var dispatcher = _app.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.DispatchDueAsync();
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            // The background dispatcher, woken by each sign-up, may still be finishing its own attempt.
            await Eventually.TrueAsync(async () => await db.Outbox.AllAsync(r => r.Attempts >= 1 && r.ClaimedBy == null));
            var rows = await db.Outbox.AsNoTracking().ToListAsync();
            Assert.Equal(5, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.Equal(OutboxStatus.Pending, r.Status);
                Assert.True(r.Attempts >= 1);
                Assert.NotNull(r.LastError);
                Assert.True(r.NextAttemptAtUtc > _app.Clock.GetUtcNow().UtcDateTime, "a retry is scheduled, not immediate");
                Assert.True(r.NextAttemptAtUtc <= _app.Clock.GetUtcNow().UtcDateTime + RetryPolicy.Cap, "never longer than the cap");
            });
        }

        await _smtp.StartAgainAsync();
        _app.Clock.Now += RetryPolicy.Cap;
        await dispatcher.DispatchDueAsync();

        var delivered = await _smtp.Mail.WaitForCountAsync(5);
        await Task.Delay(1500);
        delivered = await _smtp.Mail.ReadAllAsync();
        Assert.Equal(5, delivered.Count);
        Assert.Equal(5, delivered.Select(m => m.Header("message-id")).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"person{i}@example.org"), delivered.Select(m => m.Header("x-rcptto").Trim()).Order());
        await using var check = await _app.DbFactory.CreateDbContextAsync();
        Assert.All(await check.Outbox.ToListAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [Fact]
    public async Task Dispatchers_running_at_once_never_send_a_message_twice()
    {
        await TestEvents.AddAsync(_app.DbFactory, "busy", capacity: null, July);
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            var ev = await db.Events.SingleAsync(e => e.Slug == "busy");
            for (var i = 0; i < 120; i++)
            {
                var (registration, _) = EventRegistration.Create(ev.Id, Domain.EventRegistrationTests.Details($"P{i}", $"p{i}@example.org"), true, _app.Clock.GetUtcNow().UtcDateTime);
                db.Registrations.Add(registration);
                db.Outbox.Add(OutboxMessage.For(registration, MessageKind.RegistrationConfirmed, _app.Clock.GetUtcNow().UtcDateTime, Links.Issue(registration, _app.Clock.GetUtcNow().UtcDateTime)));
            }

            await db.SaveChangesAsync();
        }

        var dispatcher = _app.Services.GetRequiredService<OutboxDispatcher>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => dispatcher.DispatchDueAsync())));

        var delivered = await _smtp.Mail.WaitForCountAsync(120);
        await Task.Delay(1500);
        delivered = await _smtp.Mail.ReadAllAsync();
        Assert.Equal(120, delivered.Count);
        Assert.Equal(120, delivered.Select(m => m.Header("message-id")).Distinct().Count());
    }

    [Fact]
    public async Task An_address_that_can_never_work_fails_at_once_and_keeps_the_error()
    {
        await TestEvents.AddAsync(_app.DbFactory, "bad-address", capacity: null, July);
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var ev = await db.Events.SingleAsync(e => e.Slug == "bad-address");
            var (registration, _) = EventRegistration.Create(ev.Id, Domain.EventRegistrationTests.Details("Nobody", "nobody@example.org"), true, _app.Clock.GetUtcNow().UtcDateTime);
            db.Registrations.Add(registration);
            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.RegistrationConfirmed, _app.Clock.GetUtcNow().UtcDateTime, Links.Issue(registration, _app.Clock.GetUtcNow().UtcDateTime)));
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE OutboxMessages SET ToAddress = 'not an address'");
            await transaction.CommitAsync();
        }

        await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        await using var check = await _app.DbFactory.CreateDbContextAsync();
        var row = await check.Outbox.SingleAsync();
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.False(string.IsNullOrEmpty(row.LastError));
    }

    [Fact]
    public async Task A_sign_up_wakes_the_dispatcher_at_once_without_waiting_for_its_poll()
    {
        await using var patient = new RegistrationAppFactory(seedSampleData: false, settings: new Dictionary<string, string>(SmtpSettings(_smtp.Port)) { ["Email:PollSeconds"] = "3600" });
        await TestEvents.AddAsync(patient.DbFactory, "prompt", capacity: null, July);
        var signUps = new SignUpClient(patient.CreateClient());
        await Task.Delay(1500);

        var started = DateTime.UtcNow;
        await signUps.PostAsync("prompt", SignUpClient.Fields("Ada", "ada@example.org"));
        await _smtp.Mail.WaitForAsync(m => m.Subject == "You're registered: Test event prompt", TimeSpan.FromSeconds(10));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }
}
