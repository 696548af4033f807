using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Privacy;
using Registration.Web.Features.Registrations;

namespace Registration.Web.Features.Email;

public enum DeliveryOutcome
{
    Sent,
    Retrying,
    Failed,

    /// <summary>Another run took the message over after this run's claim ran out; this run's result was not recorded.</summary>
    LostClaim,
}

public sealed record DispatchReport(int Sent, int Retrying, int Failed, int LostClaims)
{
    public static readonly DispatchReport None = new(0, 0, 0, 0);

    public DispatchReport Add(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Sent => this with { Sent = Sent + 1 },
        DeliveryOutcome.Retrying => this with { Retrying = Retrying + 1 },
        DeliveryOutcome.Failed => this with { Failed = Failed + 1 },
        _ => this with { LostClaims = LostClaims + 1 },
    };

    public DispatchReport Add(DispatchReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Sent + other.Sent, Retrying + other.Retrying, Failed + other.Failed, LostClaims + other.LostClaims);
    }
}

/// <summary>One message claimed by one dispatcher run, tracked in the context it was loaded in.</summary>
internal sealed class ClaimedMessage(RegistrationDbContext db, OutboxMessage message) : IAsyncDisposable
{
    public RegistrationDbContext Db => db;

    public OutboxMessage Message => message;

    public ValueTask DisposeAsync() => db.DisposeAsync();
}

/// <summary>
/// Sends the outbox one message at a time per lane. Each message is claimed by one atomic update, for
/// <see cref="EmailOptions.ClaimSeconds"/>, so two dispatchers (in one process or two) never take the
/// same message; each send is cut off after <see cref="SmtpOptions.TimeoutSeconds"/>, and start-up refuses
/// settings whose claim would not outlast a send and its record, so a claim does not run out while its
/// message is being sent. Only the holder of the current claim can record a result (the claim is a
/// concurrency token). Delivery is at least once: only a crash between a send and its record, or a record
/// held up past the claim, repeats a message, and then with the same Message-ID.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<RegistrationDbContext> dbFactory,
    MailTransport transport,
    MessageComposer composer,
    ManageLinks manageLinks,
    PasswordLinks passwordLinks,
    MyDataLinks myDataLinks,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>
    /// Sends everything that is due, until nothing is left or it is asked to stop. System.Net.Mail waits
    /// on the network for most of each send, so several lanes send side by side; the claims keep them from
    /// ever taking the same message.
    /// </summary>
    public async Task<DispatchReport> DispatchDueAsync(CancellationToken stoppingToken = default)
    {
        var lanes = await Task.WhenAll(Enumerable.Range(0, options.Value.Parallelism).Select(_ => LaneAsync(stoppingToken)));
        return lanes.Aggregate(DispatchReport.None, (total, lane) => total.Add(lane));
    }

    /// <summary>Claims the next due message for a run of its own, or returns null when nothing is due.</summary>
    internal async Task<ClaimedMessage?> ClaimNextAsync()
    {
        var claim = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow().UtcDateTime;
        var claimUntil = now.AddSeconds(options.Value.ClaimSeconds);
        var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        try
        {
            var due = db.Outbox.Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAtUtc <= now && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now));

            // A read first: lanes that find nothing to do must not queue for the database's one writer,
            // where every sign-up waits behind them.
            var claimed = !await due.AnyAsync(CancellationToken.None) ? 0 : await OneWriterAsync(db, () => due
                .OrderBy(m => m.Id)
                .Take(1)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, claim).SetProperty(m => m.ClaimedUntilUtc, claimUntil), CancellationToken.None));
            if (claimed == 1)
            {
                // Status narrows the search to pending messages, which an index covers.
                var message = await db.Outbox
                    .Include(m => m.Registration!).ThenInclude(r => r.Event)
                    .SingleAsync(m => m.Status == OutboxStatus.Pending && m.ClaimedBy == claim, CancellationToken.None);
                return new ClaimedMessage(db, message);
            }
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }

        await db.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Composes and sends a claimed message and records the result, unless the claim has passed to another
    /// run in the meantime: then that run's result stands and this one is only logged.
    /// </summary>
    internal async Task<DeliveryOutcome> DeliverAsync(ClaimedMessage claimed, SmtpClient client)
    {
        var message = claimed.Message;
        try
        {
            using var mail = message.Kind is MessageKind.OrganiserSignUpNotice or MessageKind.OrganiserDigest
                ? composer.ComposeOrganiserNotice(message, await claimed.Db.Events.Where(e => e.Id == message.EventId).Select(e => e.Slug).SingleAsync(CancellationToken.None))
                : message.Kind == MessageKind.AnnouncementTest
                ? composer.ComposeTest(message, await claimed.Db.Events.AsNoTracking().SingleAsync(e => e.Id == message.EventId, CancellationToken.None))
                : message.Kind == MessageKind.DataAccessLink
                ? composer.ComposeDataAccessLink(message, MyDataLinks.LinkPath(myDataLinks.Unprotect(message.ProtectedPayload ?? throw new InvalidOperationException("The message has lost its link."))))
                : message.RegistrationId is null
                ? composer.ComposeForOrganiser(message, passwordLinks.SetPasswordPath(message.ProtectedPayload ?? throw new InvalidOperationException("The message has lost its link.")))
                : composer.Compose(await ContextForAsync(claimed.Db, message));
            await SendAsync(client, mail);
            message.MarkSent(clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            message.RecordFailure(clock.GetUtcNow().UtcDateTime, Describe(ex), RetryPolicy.IsTransient(ex), options.Value.MaxAttempts, RetryPolicy.DelayAfter(message.Attempts + 1, Random.Shared));
        }

        try
        {
            await OneWriterAsync(claimed.Db, () => claimed.Db.SaveChangesAsync(CancellationToken.None));
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning(
                "Message {MessageId} ({Kind}): this run's claim ran out and another run took the message over, so this run's result ({Result}) is not recorded",
                message.MessageId,
                message.Kind,
                message.Status == OutboxStatus.Sent ? "sent" : message.LastError);
            return DeliveryOutcome.LostClaim;
        }

        switch (message.Status)
        {
            case OutboxStatus.Sent:
                return DeliveryOutcome.Sent;
            case OutboxStatus.Failed:
                logger.LogWarning("Message {MessageId} ({Kind}) failed for good after {Attempts} attempts: {Error}", message.MessageId, message.Kind, message.Attempts, message.LastError);
                return DeliveryOutcome.Failed;
            default:
                logger.LogInformation("Message {MessageId} ({Kind}) will be retried at {RetryAt:u}: {Error}", message.MessageId, message.Kind, message.NextAttemptAtUtc, message.LastError);
                return DeliveryOutcome.Retrying;
        }
    }

    /// <summary>
    /// SQLite takes one writer at a time, and Microsoft.Data.Sqlite retries a busy database only after a
    /// 150 ms sleep; the lanes' claims and records queue with every other writer to the file instead
    /// (<see cref="EventWriteLock.WriterFor"/>), in order and without sleeping.
    /// </summary>
    private static async Task<T> OneWriterAsync<T>(RegistrationDbContext db, Func<Task<T>> write)
    {
        var writer = EventWriteLock.WriterFor(db);
        await writer.WaitAsync();
        try
        {
            return await write();
        }
        finally
        {
            writer.Release();
        }
    }

    private async Task<DispatchReport> LaneAsync(CancellationToken stoppingToken)
    {
        var report = DispatchReport.None;
        SmtpClient? client = null;
        try
        {
            // A stopping host lets the lane finish the message in hand and claim no more.
            while (!stoppingToken.IsCancellationRequested)
            {
                await using var claimed = await ClaimNextAsync();
                if (claimed is null)
                {
                    break;
                }

                client ??= transport.Open();
                var outcome = await DeliverAsync(claimed, client);
                report = report.Add(outcome);
                if (outcome != DeliveryOutcome.Sent)
                {
                    // A send that failed or was cut off may have left its connection mid-conversation.
                    client.Dispose();
                    client = null;
                }
            }
        }
        finally
        {
            client?.Dispose();
        }

        return report;
    }

    /// <summary>
    /// Sends within <see cref="SmtpOptions.TimeoutSeconds"/>. SmtpClient.Timeout covers only the synchronous
    /// Send; SendMailAsync would wait on a stuck server for ever while the message's claim ran out.
    /// </summary>
    private async Task SendAsync(SmtpClient client, MailMessage mail)
    {
        var seconds = options.Value.Smtp.TimeoutSeconds;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds), clock);
        try
        {
            // Only the timeout cancels a send, not the host stopping: a message half-sent would be sent again.
            await client.SendMailAsync(mail, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The mail server did not take the message within {seconds} s (Email:Smtp:TimeoutSeconds).");
        }
    }

    private async Task<MessageContext> ContextForAsync(RegistrationDbContext db, OutboxMessage message)
    {
        var registration = message.Registration ?? throw new InvalidOperationException("The message has no registration to write to.");
        if (!message.StillAddressedTo(registration))
        {
            throw new InvalidOperationException("Not sent: the registration moved to another address after this message was queued, and the old address no longer gets its emails.");
        }

        var token = message.ProtectedPayload is null ? null : manageLinks.Unprotect(message.ProtectedPayload);
        int? position = registration.Status == RegistrationStatus.Waitlisted
            ? await WaitingList.PositionAsync(db, registration, CancellationToken.None)
            : null;
        var calendar = message.Kind is MessageKind.RegistrationConfirmed or MessageKind.PromotedFromWaitingList or MessageKind.EventChanged
            or MessageKind.RegistrationCancelled or MessageKind.EventCancelled;
        var earlier = calendar ? await HotQueries.EarlierRegistrations(db, registration.EventId, registration.NormalizedEmail, registration.Id, CancellationToken.None) : 0;
        var hasCalendarEntry = message.Kind is MessageKind.RegistrationCancelled or MessageKind.EventCancelled
            && await HadCalendarEntry(db, registration.Id, message.Id, CancellationToken.None);
        return new MessageContext(message, registration, registration.Event!, token, position, earlier, hasCalendarEntry);
    }

    /// <summary>
    /// Compiled, as the sign-up's queries are: the dispatcher runs beside every sign-up on the same two
    /// cores, and EF translating it for each message was a visible share of its time.
    /// </summary>
    private static readonly Func<RegistrationDbContext, int, long, CancellationToken, Task<bool>> HadCalendarEntry =
        EF.CompileAsyncQuery((RegistrationDbContext db, int registrationId, long messageId, CancellationToken _) =>
            db.Outbox.Any(m => m.RegistrationId == registrationId && m.Id < messageId
                && (m.Kind == MessageKind.RegistrationConfirmed || m.Kind == MessageKind.PromotedFromWaitingList)));

    private static string Describe(Exception exception) =>
        exception is SmtpException smtp ? $"{smtp.StatusCode}: {smtp.Message}{(smtp.InnerException is null ? string.Empty : " (" + smtp.InnerException.Message + ")")}" : exception.Message;
}
