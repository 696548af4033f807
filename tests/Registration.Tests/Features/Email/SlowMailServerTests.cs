using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;

namespace Registration.Tests.Features.Email;

/// <summary>
/// A mail server that takes 7 s to accept each message, 60 messages queued, 4 lanes and the shipped claim
/// and timeout settings, on a clock that moves with real time so that claims really expire. This is the
/// case where a lane once held ten messages for 60 s but needed 70 s to send them, and another lane sent
/// some of them again. It takes about 105 s.
/// </summary>
public sealed class SlowMailServerTests
{
    private const int Messages = 60;

    [Fact]
    public async Task With_a_server_taking_7_seconds_per_message_every_message_arrives_exactly_once()
    {
        await using var smtp = await SmtpServer.StartAsync(delayPerMessage: TimeSpan.FromSeconds(7));
        await using var app = new AppWithoutScheduler(new Dictionary<string, string>(EmailDeliveryTests.SmtpSettings(smtp.Port)) { ["Email:Parallelism"] = "4" });
        var options = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
        Assert.Equal((60, 30), (options.ClaimSeconds, options.Smtp.TimeoutSeconds));

        await TestEvents.AddAsync(app.DbFactory, "slow", capacity: null, new DateTime(2025, 7, 9, 14, 0, 0));
        await TestOutbox.QueueConfirmationsAsync(app.Services, "slow", app.Clock.GetUtcNow().UtcDateTime, Enumerable.Range(0, Messages).Select(i => $"p{i}@example.org"));

        app.Clock.Run();
        var report = await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        // Every send has finished when the run returns, and the server stores a message before it says 250.
        var delivered = await smtp.Mail.ReadAllAsync();
        var twice = delivered.GroupBy(m => m.Header("x-rcptto").Trim()).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} recipients got their message more than once: {string.Join(", ", twice)}");
        Assert.Equal(Messages, delivered.Count);
        Assert.Equal(Messages, delivered.Select(m => m.Header("message-id")).Distinct().Count());
        await using var check = await app.DbFactory.CreateDbContextAsync();
        Assert.All(await check.Outbox.ToListAsync(), r =>
        {
            Assert.Equal(OutboxStatus.Sent, r.Status);
            Assert.Equal(1, r.Attempts);
        });
        Assert.Equal(Messages, report.Sent);
    }
}
