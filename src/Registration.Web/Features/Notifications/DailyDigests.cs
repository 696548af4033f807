using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Email;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Notifications;

/// <summary>
/// Each morning at <see cref="SendAt"/> (in <see cref="RegistrationOptions.DefaultTimeZone"/>), one email
/// per organiser and event they chose a daily summary for, with the sign-ups and cancellations since the
/// last summary (the day before, for a first one); none for a day with neither. Each choice records the
/// end of the period it was last written for, in the same transaction as the emails, so a second run for
/// the same morning queues nothing, and a run after the app was down catches up from where it stopped.
/// </summary>
public sealed class DailyDigests(IDbContextFactory<RegistrationDbContext> dbFactory, IOptions<RegistrationOptions> options, TimeProvider clock)
{
    public static readonly TimeOnly SendAt = new(8, 0);

    /// <summary>Queues every summary that is due now; returns how many emails were queued.</summary>
    public async Task<int> QueueDueAsync(CancellationToken cancellationToken = default)
    {
        var zone = options.Value.DefaultTimeZone;
        var (dayStart, periodEnd) = LatestDay(clock.GetUtcNow().UtcDateTime, EventSchedule.FindTimeZone(zone));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = db.Set<OrganiserNotification>()
            .Where(n => n.Choice == NotificationChoice.DailyDigest && (n.DigestSentThroughUtc == null || n.DigestSentThroughUtc < periodEnd));

        // A read first: most runs find nothing due and must not queue for the database's one writer.
        if (!await due.AnyAsync(cancellationToken))
        {
            return 0;
        }

        await using var write = await EventWriteLock.BeginAsync(db, eventId: null, EventWriteLock.Timeout, cancellationToken);
        var choices = await (from choice in due
                             join organiser in db.Users on choice.OrganiserId equals organiser.Id
                             where organiser.Email != null
                             select new { Choice = choice, organiser.Email }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var queued = 0;
        foreach (var forEvent in choices.GroupBy(c => c.Choice.EventId))
        {
            var ev = await db.Events.AsNoTracking().SingleAsync(e => e.Id == forEvent.Key, cancellationToken);
            var counts = await AttendeeQueries.CountsAsync(db, ev, cancellationToken);

            // Organisers of one event usually share a period, so its news is read once, under the write lock.
            var newsSince = new Dictionary<DateTime, (List<EventRegistration> SignedUp, List<EventRegistration> Cancelled)>();
            foreach (var (choice, email) in forEvent.Select(c => (c.Choice, c.Email!)))
            {
                var from = choice.DigestSentThroughUtc ?? dayStart;
                if (!newsSince.TryGetValue(from, out var news))
                {
                    news.SignedUp = await db.Registrations.AsNoTracking()
                        .Where(r => r.EventId == ev.Id && r.CreatedAtUtc >= from && r.CreatedAtUtc < periodEnd)
                        .OrderBy(r => r.Id).ToListAsync(cancellationToken);
                    news.Cancelled = await db.Registrations.AsNoTracking()
                        .Where(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Cancelled && r.StatusChangedAtUtc >= from && r.StatusChangedAtUtc < periodEnd)
                        .OrderBy(r => r.StatusChangedAtUtc).ToListAsync(cancellationToken);
                    newsSince[from] = news;
                }

                var (signedUp, cancelled) = news;
                if (signedUp.Count > 0 || cancelled.Count > 0)
                {
                    var (subject, body) = NoticeText.Digest(ev, from, periodEnd, zone, signedUp, cancelled, counts);
                    db.Outbox.Add(OutboxMessage.AboutEventToOrganiser(MessageKind.OrganiserDigest, ev.Id, email, subject, body, now));
                    queued++;
                }

                choice.DigestWritten(periodEnd);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return queued;
    }

    /// <summary>The latest whole day, from one <see cref="SendAt"/> to the next, that ended by <paramref name="nowUtc"/>.</summary>
    internal static (DateTime StartUtc, DateTime EndUtc) LatestDay(DateTime nowUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone);
        var end = local.Date + SendAt.ToTimeSpan();
        if (local < end)
        {
            end = end.AddDays(-1);
        }

        // Local days, so the day a clock changes is 23 or 25 hours long and the next still ends at 08:00.
        return (TimeZoneInfo.ConvertTimeToUtc(end.AddDays(-1), zone), TimeZoneInfo.ConvertTimeToUtc(end, zone));
    }
}

[DisallowConcurrentExecution]
internal sealed class DailyDigestJob(DailyDigests digests, ILogger<DailyDigestJob> logger)
    : LoggedJob(logger, "it runs again in a few minutes")
{
    protected override Task RunAsync(CancellationToken cancellationToken) => digests.QueueDueAsync(cancellationToken);
}
