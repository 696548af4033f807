using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;

namespace Registration.Tests.Features.Email;

/// <summary>
/// Claims and time limits, step by step with the test clock and a real SMTP server: a run that lost its
/// claim records nothing, and a send the server does not take in time is cut off and retried.
/// </summary>
public sealed class OutboxClaimTests : IAsyncLifetime
{
    private static readonly DateTime July = new(2025, 7, 9, 14, 0, 0);
    private SmtpServer _smtp = null!;

    public async Task InitializeAsync() => _smtp = await SmtpServer.StartAsync();

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    [Fact]
    public async Task A_run_whose_claim_ran_out_and_was_taken_over_cannot_record_its_result()
    {
        await using var app = new AppWithoutScheduler(EmailDeliveryTests.SmtpSettings(_smtp.Port));
        await TestEvents.AddAsync(app.DbFactory, "claims", capacity: null, July);
        await TestOutbox.QueueConfirmationsAsync(app.Services, "claims", app.Clock.GetUtcNow().UtcDateTime, ["ada@example.org"]);
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();

        await using var stale = await dispatcher.ClaimNextAsync();
        Assert.NotNull(stale);
        Assert.Null(await dispatcher.ClaimNextAsync());

        // The first run stalls past its claim; a second run takes the message over and sends it.
        app.Clock.Now += TimeSpan.FromSeconds(app.Services.GetRequiredService<IOptions<EmailOptions>>().Value.ClaimSeconds + 1);
        Assert.Equal(new DispatchReport(1, 0, 0, 0), await dispatcher.DispatchDueAsync());
        var sentAt = app.Clock.GetUtcNow().UtcDateTime;

        // Then the first run's send fails. Recorded, that failure would put a sent message back in the queue.
        await _smtp.StopAsync();
        app.Clock.Now += TimeSpan.FromSeconds(5);
        using (var client = app.Services.GetRequiredService<MailTransport>().Open())
        {
            Assert.Equal(DeliveryOutcome.LostClaim, await dispatcher.DeliverAsync(stale, client));
        }

        await using var check = await app.DbFactory.CreateDbContextAsync();
        var row = await check.Outbox.AsNoTracking().SingleAsync();
        Assert.Equal((OutboxStatus.Sent, 1, sentAt, null, null), (row.Status, row.Attempts, row.SentAtUtc, row.LastError, row.ClaimedBy));
        Assert.Single(await _smtp.Mail.ReadAllAsync());
    }

    [Fact]
    public async Task A_send_the_server_does_not_take_in_time_is_cut_off_and_retried_with_the_same_Message_ID()
    {
        await _smtp.StopAsync();
        await _smtp.StartAgainAsync(delayPerMessage: TimeSpan.FromSeconds(30));
        await using var app = new AppWithoutScheduler(new Dictionary<string, string>(EmailDeliveryTests.SmtpSettings(_smtp.Port)) { ["Email:Smtp:TimeoutSeconds"] = "1" });
        await TestEvents.AddAsync(app.DbFactory, "stuck", capacity: null, July);
        await TestOutbox.QueueConfirmationsAsync(app.Services, "stuck", app.Clock.GetUtcNow().UtcDateTime, ["ada@example.org"]);
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();

        var timer = Stopwatch.StartNew();
        Assert.Equal(new DispatchReport(0, 1, 0, 0), await dispatcher.DispatchDueAsync());
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(10), $"cut off after {timer.Elapsed.TotalSeconds:F1} s, not when the server answered");
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            var row = await db.Outbox.AsNoTracking().SingleAsync();
            Assert.Equal((OutboxStatus.Pending, 1, null), (row.Status, row.Attempts, row.ClaimedBy));
            Assert.Equal("The mail server did not take the message within 1 s (Email:Smtp:TimeoutSeconds).", row.LastError);
        }

        await _smtp.StopAsync();
        await _smtp.StartAgainAsync();
        app.Clock.Now += RetryPolicy.Cap;
        Assert.Equal(new DispatchReport(1, 0, 0, 0), await dispatcher.DispatchDueAsync());

        await using var check = await app.DbFactory.CreateDbContextAsync();
        var sent = await check.Outbox.AsNoTracking().SingleAsync();
        Assert.Equal((OutboxStatus.Sent, 2), (sent.Status, sent.Attempts));
        var mail = Assert.Single(await _smtp.Mail.ReadAllAsync());
        Assert.Equal($"<{sent.MessageId:N}@example.org>", mail.Header("message-id"));
    }
}
