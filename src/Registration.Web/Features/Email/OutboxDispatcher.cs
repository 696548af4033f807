using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;

namespace Registration.Web.Features.Email;

public sealed record DispatchReport(int Sent, int Retrying, int Failed);

/// <summary>
/// Sends the outbox. Each run claims due messages with one atomic update (so two dispatchers, in one
/// process or two, never take the same message), sends them one by one and records each result as soon
/// as it is known. Delivery is at least once: only a crash between the send and its record repeats a
/// message, and then with the same Message-ID.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<RegistrationDbContext> dbFactory,
    MailTransport transport,
    MessageComposer composer,
    ManageLinks manageLinks,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    private const int BatchSize = 10;

    /// <summary>
    /// Sends everything that is due, until nothing is left or it is asked to stop. System.Net.Mail waits
    /// on the network for most of each send, so several lanes send side by side, each claiming its own
    /// small batches; the claims keep them from ever taking the same message.
    /// </summary>
    public async Task<DispatchReport> DispatchDueAsync(CancellationToken stoppingToken = default)
    {
        var lanes = await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Parallelism)).Select(_ => LaneAsync(stoppingToken)));
        return new DispatchReport(lanes.Sum(r => r.Sent), lanes.Sum(r => r.Retrying), lanes.Sum(r => r.Failed));
    }

    private async Task<DispatchReport> LaneAsync(CancellationToken stoppingToken)
    {
        var total = new DispatchReport(0, 0, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            var batch = await DispatchBatchAsync(stoppingToken);
            total = new DispatchReport(total.Sent + batch.Sent, total.Retrying + batch.Retrying, total.Failed + batch.Failed);
            if (batch.Sent + batch.Retrying + batch.Failed < BatchSize)
            {
                break;
            }
        }

        return total;
    }

    private async Task<DispatchReport> DispatchBatchAsync(CancellationToken stoppingToken)
    {
        var run = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow().UtcDateTime;
        var claimUntil = now.AddSeconds(options.Value.ClaimSeconds);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var claimed = await db.Outbox
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAtUtc <= now && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now))
            .OrderBy(m => m.Id)
            .Take(BatchSize)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, run).SetProperty(m => m.ClaimedUntilUtc, claimUntil), CancellationToken.None);
        if (claimed == 0)
        {
            return new DispatchReport(0, 0, 0);
        }

        var messages = await db.Outbox
            .Include(m => m.Registration!).ThenInclude(r => r.Event)
            .Where(m => m.ClaimedBy == run)
            .OrderBy(m => m.Id)
            .ToListAsync(CancellationToken.None);

        int sent = 0, retrying = 0, failed = 0;
        using var client = transport.Open();
        foreach (var message in messages)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                // Stopping: what is not yet sent is let go for the next run, not left claimed.
                message.Release();
                continue;
            }

            // Whatever goes wrong with one message is recorded on it; the others still go.
            try
            {
                using var mail = composer.Compose(await ContextForAsync(db, message));

                // The send itself is not cancelled: a message half-sent when the host stops would be sent again.
                await client.SendMailAsync(mail, CancellationToken.None);
                message.MarkSent(clock.GetUtcNow().UtcDateTime);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var transient = RetryPolicy.IsTransient(ex);
                var attemptTime = clock.GetUtcNow().UtcDateTime;
                message.RecordFailure(attemptTime, Describe(ex), transient, options.Value.MaxAttempts, RetryPolicy.DelayAfter(message.Attempts + 1, Random.Shared));
                if (message.Status == OutboxStatus.Failed)
                {
                    failed++;
                    logger.LogWarning("Message {MessageId} ({Kind}) failed for good after {Attempts} attempts: {Error}", message.MessageId, message.Kind, message.Attempts, message.LastError);
                }
                else
                {
                    retrying++;
                    logger.LogInformation("Message {MessageId} ({Kind}) will be retried at {RetryAt:u}: {Error}", message.MessageId, message.Kind, message.NextAttemptAtUtc, message.LastError);
                }
            }

            await db.SaveChangesAsync(CancellationToken.None);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        return new DispatchReport(sent, retrying, failed);
    }

    private async Task<MessageContext> ContextForAsync(RegistrationDbContext db, OutboxMessage message)
    {
        var registration = message.Registration ?? throw new InvalidOperationException("The message has no registration to write to.");
        var token = message.ProtectedPayload is null ? null : manageLinks.Unprotect(message.ProtectedPayload);
        int? position = registration.Status == RegistrationStatus.Waitlisted
            ? await WaitingList.PositionAsync(db, registration, CancellationToken.None)
            : null;
        var earlier = await db.Registrations.CountAsync(
            r => r.EventId == registration.EventId && r.NormalizedEmail == registration.NormalizedEmail && r.Id < registration.Id, CancellationToken.None);
        return new MessageContext(message, registration, registration.Event!, token, position, earlier);
    }

    private static string Describe(Exception exception) =>
        exception is SmtpException smtp ? $"{smtp.StatusCode}: {smtp.Message}{(smtp.InnerException is null ? string.Empty : " (" + smtp.InnerException.Message + ")")}" : exception.Message;
}
