using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Email;

namespace Registration.Web.Features.Privacy;

/// <summary>
/// What an erasure removed. <see cref="LogEmptied"/> is false when a reader kept the database's write-ahead
/// log from being emptied: the old values stay in it until the next removal or daily run empties it.
/// </summary>
public sealed record Erasure(int Registrations, int Emails, int MailFiles, bool LogEmptied = true)
{
    public bool FoundAnything => Registrations > 0 || Emails > 0;
}

/// <summary>What one run of the retention job removed, event by event.</summary>
public sealed record RetentionRun(IReadOnlyList<RetentionStep> Steps, int MailFiles, bool LogEmptied = true);

/// <summary>One event's data removed: everything personal (<see cref="AllPersonalData"/>), or only its sensitive answers.</summary>
public sealed record RetentionStep(string Slug, string Title, bool AllPersonalData, int Registrations, DateTime DueAtUtc);

/// <summary>
/// Removes personal data, one place for every route: the retention job after an event (<see cref="RemoveDueAsync"/>),
/// and erasure when a person asks (<see cref="EraseRegistrationAsync"/>, <see cref="ErasePersonAsync"/>). Each
/// removes the person's details from their registrations, the emails queued or sent to them (recipient and
/// body), the audit entries about them, and in pickup mode the files of those emails; the old values are
/// overwritten in the database file and its write-ahead log emptied (<see cref="EmptyLogAsync"/>). Registrations stay, with
/// their status and dates, so the event's figures still add up.
/// </summary>
public sealed partial class PersonalData(
    IDbContextFactory<RegistrationDbContext> dbFactory,
    TimeProvider clock,
    AddressHash addressHash,
    MailFolder mailFolder,
    MyDataSessions sessions,
    IOptions<PrivacyOptions> options,
    ILogger<PersonalData> logger)
{
    public const string ByRetention = "system";

    /// <summary>Tries at emptying the write-ahead log after a removal, 4.5 s apart at most in all.</summary>
    private const int LogAttempts = 10;

    /// <summary>Registrations the retention job changes in one write.</summary>
    private const int RetentionBatch = 500;

    /// <summary>
    /// The person behind one registration asked for its data to go: a place they hold or wait for passes to
    /// the next person waiting, in the same transaction, and nothing is emailed to them.
    /// </summary>
    public async Task<Erasure> EraseRegistrationAsync(int registrationId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var held = await db.Registrations.Where(r => r.Id == registrationId && r.AnonymisedAtUtc == null).Select(r => new { r.EventId, r.Email }).SingleOrDefaultAsync(cancellationToken);
        if (held is null)
        {
            return new Erasure(0, 0, 0);
        }

        // Hashed before anything changes: a key that cannot be read stops the erasure before it starts, not after.
        var hash = addressHash.Of(held.Email);
        sessions.EndAllFor(EventRegistration.NormalizeEmail(held.Email));
        var (registrations, messages) = await EraseAsync(db, held.EventId, r => r.Id == registrationId, actor, cancellationToken);
        return await FinishErasureAsync(db, registrations, messages, hash, EventRegistration.NormalizeEmail(held.Email), actor, cancellationToken);
    }

    /// <summary>
    /// Everything held for <paramref name="email"/>: each of its registrations at every event (as
    /// <see cref="EraseRegistrationAsync"/>), a change of address waiting to move another registration to
    /// it, and every email addressed to it.
    /// </summary>
    public async Task<Erasure> ErasePersonAsync(string email, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var normalized = EventRegistration.NormalizeEmail(email);
        var hash = addressHash.Of(email);
        sessions.EndAllFor(normalized);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // An address waiting to be confirmed is as given, so it is compared as the registration's own would be.
        var pending = (await db.Registrations.Where(r => r.PendingEmail != null && r.AnonymisedAtUtc == null)
                .Select(r => new { r.Id, r.PendingEmail }).ToListAsync(cancellationToken))
            .Where(r => EventRegistration.NormalizeEmail(r.PendingEmail!) == normalized).Select(r => r.Id).ToHashSet();
        var events = await HeldForAddress.Registrations(db, email).Select(r => r.EventId).Distinct().ToListAsync(cancellationToken);

        var registrations = 0;
        var messages = new HashSet<Guid>();
        foreach (var eventId in events)
        {
            var (erased, sent) = await EraseAsync(db, eventId, r => r.NormalizedEmail == normalized, actor, cancellationToken);
            registrations += erased;
            messages.UnionWith(sent);
        }

        // Someone else's registration waiting to move to this address (a typing mistake, say) keeps its own
        // address; emails to this one that belong to no registration of it (that change's link, or word of
        // a move away from it) lose their recipient.
        // Found before the write: reading every recipient takes a while, and writers need not wait for it.
        var addressed = (await HeldForAddress.EmailsAsync(db, email, cancellationToken)).Select(m => m.Id).ToList();
        db.ChangeTracker.Clear();
        await using (var transaction = await EventWriteLock.BeginAsync(db, null, EventWriteLock.Timeout, cancellationToken))
        {
            foreach (var registration in await db.Registrations.Where(r => pending.Contains(r.Id)).ToListAsync(cancellationToken))
            {
                registration.ForgetEmailChange();
            }

            // A link to see this address's data that is still unused goes too: it names the address.
            await db.Set<DataAccessRequest>().Where(r => r.NormalizedEmail == normalized).ExecuteDeleteAsync(cancellationToken);

            foreach (var message in await db.Outbox.Where(m => addressed.Contains(m.Id) && m.ToAddress != string.Empty).ToListAsync(cancellationToken))
            {
                message.Anonymise(clock.GetUtcNow().UtcDateTime);
                messages.Add(message.MessageId);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return await FinishErasureAsync(db, registrations, messages, hash, normalized, actor, cancellationToken);
    }

    /// <summary>
    /// The daily job: for every event whose time has come, removes all personal data of its registrations
    /// <see cref="PrivacyOptions.RetainDays"/> (or its own <c>retain_days</c>) after it ends, and their
    /// sensitive answers <see cref="PrivacyOptions.RetainSensitiveDays"/> after it; then the files of every
    /// email whose data went.
    /// </summary>
    public async Task<RetentionRun> RemoveDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Events.AsNoTracking().Where(e => e.PersonalDataRemovedAtUtc == null).ToListAsync(cancellationToken);
        var steps = new List<RetentionStep>();
        foreach (var candidate in candidates)
        {
            var retention = options.Value.RetentionOf(candidate);
            if (retention.PersonalDataDue(now))
            {
                steps.Add(await RemoveFromEventAsync(db, candidate.Id, all: true, retention.PersonalDataDueAtUtc, cancellationToken));
            }
            else if (retention.SensitiveDataDue(now))
            {
                steps.Add(await RemoveFromEventAsync(db, candidate.Id, all: false, retention.SensitiveDataDueAtUtc, cancellationToken));
            }
        }

        var files = mailFolder.Delete(await RemovedMessagesAsync(db, cancellationToken));

        // Every day, not only when something went: a log a reader held back at an earlier removal goes now.
        var emptied = await EmptyLogAsync(db, cancellationToken);
        return new RetentionRun(steps.Where(s => s.Registrations > 0).ToList(), files, emptied);
    }

    /// <summary>
    /// Every email whose recipient's data went, and every email about an event whose sensitive answers
    /// went (a confirmation repeats them): in pickup mode their files go too. Found afresh on each run, so a
    /// file written after an erasure (by a send already under way) goes the next day.
    /// </summary>
    private static async Task<IReadOnlySet<Guid>> RemovedMessagesAsync(RegistrationDbContext db, CancellationToken cancellationToken)
    {
        var withoutSensitive = db.Events.Where(e => e.SensitiveDataRemovedAtUtc != null).Select(e => (int?)e.Id);
        return (await db.Outbox.Where(m => m.ToAddress == string.Empty || withoutSensitive.Contains(m.EventId))
            .Select(m => m.MessageId).ToListAsync(cancellationToken)).ToHashSet();
    }

    private async Task<RetentionStep> RemoveFromEventAsync(RegistrationDbContext db, int eventId, bool all, DateTime dueAtUtc, CancellationToken cancellationToken)
    {
        // A batch at a time, each in its own short write, so that a sign-up for another event waits for one
        // batch, never for the whole of a large event (see docs/BENCHMARKS.md).
        var count = 0;
        for (var after = 0; ; db.ChangeTracker.Clear())
        {
            await using var transaction = await EventWriteLock.BeginAsync(db, eventId, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var ev = await db.Events.SingleAsync(e => e.Id == eventId, cancellationToken);
            var batch = await db.Registrations.Where(r => r.EventId == eventId && r.AnonymisedAtUtc == null && r.Id > after)
                .OrderBy(r => r.Id).Take(RetentionBatch).ToListAsync(cancellationToken);
            var ids = batch.Select(r => r.Id).ToList();
            if (all)
            {
                var values = PersonalValues(batch);
                foreach (var registration in batch)
                {
                    registration.Anonymise(now);
                }

                foreach (var message in await db.Outbox.Where(m => m.RegistrationId != null && ids.Contains(m.RegistrationId.Value) && m.ToAddress != string.Empty).ToListAsync(cancellationToken))
                {
                    message.Anonymise(now);
                }

                foreach (var entry in await db.Audit.Where(a => a.RegistrationId != null && ids.Contains(a.RegistrationId.Value) && a.Details != null).ToListAsync(cancellationToken))
                {
                    entry.RemovePersonalDetails();
                }

                foreach (var entry in await db.Audit.Where(a => a.EventId == eventId && a.RegistrationId == null && a.Details != null).ToListAsync(cancellationToken))
                {
                    entry.RemoveValues(values);
                }

                await db.ManageTokens.Where(t => ids.Contains(t.RegistrationId)).ExecuteDeleteAsync(cancellationToken);
                count += batch.Count;
            }
            else
            {
                count += batch.Count(r => r.RemoveAnswers(ev.IsSensitive));
            }

            var last = batch.Count < RetentionBatch;
            if (last)
            {
                if (all)
                {
                    // What the event's emails to no registration said (notices to organisers naming people, tests).
                    foreach (var message in await db.Outbox.Where(m => m.EventId == eventId && m.ToAddress != string.Empty).ToListAsync(cancellationToken))
                    {
                        message.Anonymise(now);
                    }

                    ev.MarkPersonalDataRemoved(now);
                }
                else
                {
                    ev.MarkSensitiveDataRemoved(now);
                }

                // An event nobody registered for (most of an imported archive) is marked done without a word.
                if (count > 0)
                {
                    db.Audit.Add(AuditEntry.Record(now, ByRetention, all ? "remove personal data" : "remove sensitive answers", eventId,
                        $"{Registrations(count)}, due {dueAtUtc:yyyy-MM-dd} ({(all ? "personal data" : "sensitive answers")} kept {(int)Math.Round((dueAtUtc - ev.Schedule.EndsAtUtc).TotalDays)} days after the end)"));
                    LogRemoved(all ? "personal data" : "sensitive answers", count, ev.Slug);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (last)
            {
                db.ChangeTracker.Clear();
                return new RetentionStep(ev.Slug, ev.Title, all, count, dueAtUtc);
            }

            after = ids[^1];
        }
    }

    /// <summary>Erases the registrations <paramref name="which"/> picks at one event, under its write lock.</summary>
    private async Task<(int Registrations, IReadOnlyCollection<Guid> Messages)> EraseAsync(
        RegistrationDbContext db, int eventId, System.Linq.Expressions.Expression<Func<EventRegistration, bool>> which, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await EventWriteLock.BeginAsync(db, eventId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        // Read under the lock: the registration may have changed, or been erased, meanwhile.
        var registrations = await db.Registrations.Include(r => r.Event).Where(r => r.EventId == eventId && r.AnonymisedAtUtc == null).Where(which).ToListAsync(cancellationToken);
        if (registrations.Count == 0)
        {
            return (0, []);
        }

        var values = PersonalValues(registrations);
        var named = registrations.Select(r => MessageComposer.HeaderSafe(r.Name)).Where(n => n.Length > 0).ToList();
        var ids = registrations.Select(r => r.Id).ToList();
        foreach (var registration in registrations)
        {
            registration.Erase(now, actor, eventOver: registration.Event!.HasFinished(now));
        }

        var messages = await db.Outbox.Where(m => m.RegistrationId != null && ids.Contains(m.RegistrationId.Value)).ToListAsync(cancellationToken);
        foreach (var message in messages)
        {
            message.Anonymise(now);
        }

        // An organiser's notice of the sign-up goes, found by whose it was, whatever the name has become; a
        // digest (about several people) or an older notice names the person as a header would (runs of spaces
        // made one) and goes when the name stands there as a whole, not inside another word.
        foreach (var notice in await db.Outbox.Where(m => m.EventId == eventId && m.RegistrationId == null && m.Body != null).ToListAsync(cancellationToken))
        {
            if ((notice.AboutRegistrationId is { } about && ids.Contains(about)) || named.Any(n => Names(notice.Body!, n) || (notice.Subject is { } subject && Names(subject, n))))
            {
                notice.Anonymise(now);
                messages.Add(notice);
            }
        }

        foreach (var entry in await db.Audit.Where(a => a.RegistrationId != null && ids.Contains(a.RegistrationId.Value)).ToListAsync(cancellationToken))
        {
            entry.RemovePersonalDetails();
        }

        foreach (var entry in await db.Audit.Where(a => a.EventId == eventId && a.RegistrationId == null && a.Details != null).ToListAsync(cancellationToken))
        {
            entry.RemoveValues(values);
        }

        await db.ManageTokens.Where(t => ids.Contains(t.RegistrationId)).ExecuteDeleteAsync(cancellationToken);

        // Giving up a place (Erase) raised PlacesMayBeFree: the next person waiting is offered it in this save.
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (registrations.Count, messages.Select(m => m.MessageId).ToList());
    }

    private async Task<Erasure> FinishErasureAsync(
        RegistrationDbContext db, int registrations, IReadOnlyCollection<Guid> messages, string addressHash, string normalizedEmail, string actor, CancellationToken cancellationToken)
    {
        // Again now it is done: a link used while the erasure waited for the database started a session since.
        sessions.EndAllFor(normalizedEmail);
        if (registrations == 0 && messages.Count == 0)
        {
            return new Erasure(0, 0, 0);
        }

        // The record says an erasure happened and can be matched to an address asked about later, without holding it.
        await using (var transaction = await EventWriteLock.BeginAsync(db, null, EventWriteLock.Timeout, cancellationToken))
        {
            db.Audit.Add(AuditEntry.Record(clock.GetUtcNow().UtcDateTime, actor, "erase personal data", details:
                $"{Registrations(registrations)} and {messages.Count} {(messages.Count == 1 ? "email" : "emails")}; address hash {addressHash}"));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var files = mailFolder.Delete(messages.ToHashSet());
        return new Erasure(registrations, messages.Count, files, await EmptyLogAsync(db, cancellationToken));
    }

    private static bool Names(string text, string name) =>
        Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(name)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Names and addresses as they may appear in audit details and notices written before entries named their registration.</summary>
    private static List<string> PersonalValues(IEnumerable<EventRegistration> registrations) =>
        registrations.SelectMany(r => new[] { r.Email, r.PendingEmail ?? string.Empty, r.Name, MessageComposer.HeaderSafe(r.Name) })
            .Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(v => v.Length).ToList();

    /// <summary>
    /// Leaves no copy of the values just removed in the database's files: every connection overwrites what
    /// it removes (<see cref="SecureDelete"/>), and the write-ahead log, which still holds the pages as they
    /// were, is emptied. Waits its turn behind the app's other writers, and holds them for no longer than
    /// the log takes to copy (a VACUUM would hold them for the whole file; see docs/BENCHMARKS.md).
    /// </summary>
    private async Task<bool> EmptyLogAsync(RegistrationDbContext db, CancellationToken cancellationToken)
    {
        // A page being read holds the log back; such reads are short, so a few tries a moment apart see it go.
        for (var attempt = 1; ; attempt++)
        {
            var writer = EventWriteLock.WriterFor(db);
            await writer.WaitAsync(cancellationToken);
            try
            {
                if (await SqliteDatabase.EmptyLogAsync(db, cancellationToken))
                {
                    return true;
                }
            }
            finally
            {
                writer.Release();
            }

            if (attempt == LogAttempts)
            {
                // Said here, so every route (the pages, the daily job, the command) leaves a trace of it.
                logger.LogWarning("The database's write-ahead log could not be emptied after removing personal data (a read held it open); the removed values stay in it until the next removal or the daily run");
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
        }
    }

    private static string Registrations(int count) => count == 1 ? "1 registration" : $"{count} registrations";

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the {What} of {Count} registrations at {Event}")]
    private partial void LogRemoved(string what, int count, string @event);
}
