using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;
using Registration.Web.Features.Email;

namespace Registration.Tests.Features.Email;

/// <summary>The host stops in the middle of sending; another starts on the same database and finishes the job.</summary>
public sealed class RestartDeliveryTests
{
    private const int Messages = 200;

    [Fact]
    public async Task Stopped_mid_dispatch_and_restarted_every_message_arrives_exactly_once()
    {
        using var data = new TempDirectory();
        await using var smtp = await SmtpServer.StartAsync();
        var settings = EmailDeliveryTests.SmtpSettings(smtp.Port);
        var first = new RegistrationAppFactory(seedSampleData: false, settings: settings, dataDirectory: data.Path);
        var restartAt = first.Clock.GetUtcNow();
        try
        {
            await TestEvents.AddAsync(first.DbFactory, "restart", capacity: null, new DateTime(2025, 7, 9, 14, 0, 0));
            await using (var db = await first.DbFactory.CreateDbContextAsync())
            {
                var ev = await db.Events.SingleAsync();
                var now = first.Clock.GetUtcNow().UtcDateTime;
                for (var i = 0; i < Messages; i++)
                {
                    var (registration, _) = EventRegistration.Create(ev.Id, Domain.EventRegistrationTests.Details($"P{i}", $"p{i}@example.org"), true, now);
                    db.Registrations.Add(registration);
                    db.Outbox.Add(OutboxMessage.For(registration, MessageKind.RegistrationConfirmed, now, first.Services.GetRequiredService<ManageLinks>().Issue(registration, now)));
                }

                await db.SaveChangesAsync();
            }

            await Eventually.TrueAsync(() => Task.FromResult(smtp.Mail.Files().Count > 0));
        }
        finally
        {
            await first.DisposeAsync();
        }

        var beforeRestart = smtp.Mail.Files().Count;
        Assert.True(beforeRestart < Messages, $"the first host was stopped mid-dispatch ({beforeRestart} of {Messages} sent)");

        // A claim left by a run that died without letting go expires; the second host's clock is past it.
        await using var second = new RegistrationAppFactory(nowUtc: restartAt.AddSeconds(61).ToString("O"), seedSampleData: false, settings: settings, dataDirectory: data.Path);
        _ = second.Services;
        var delivered = await smtp.Mail.WaitForCountAsync(Messages, TimeSpan.FromSeconds(60));
        await Task.Delay(2000);
        delivered = await smtp.Mail.ReadAllAsync();

        Assert.Equal(Messages, delivered.Count);
        Assert.Equal(Messages, delivered.Select(m => m.Header("message-id")).Distinct().Count());
        await using var check = await second.DbFactory.CreateDbContextAsync();
        Assert.Equal(Messages, await check.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent && m.ProtectedPayload == null));
    }
}
