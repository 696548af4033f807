using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;

namespace Registration.Web.Features.Email;

/// <summary>
/// Queues reminders that have fallen due: one outbox row per confirmed registration and offset. The
/// unique index on (registration, offset) keeps it to one even when runs overlap or two apps share the
/// database; a run that loses that race simply finds the reminders already queued.
/// </summary>
public sealed class ReminderQueue(IDbContextFactory<RegistrationDbContext> dbFactory, ManageLinks manageLinks, TimeProvider clock)
{
    /// <summary>The longest reminder offset allowed; events further ahead than this need no look.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromMinutes(Event.MaxReminderOffsetMinutes);

    public async Task<int> QueueDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = now + Horizon;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = await db.Events.AsNoTracking()
            .Where(e => e.Status == EventStatus.Published && e.Schedule.StartsAtUtc > now && e.Schedule.StartsAtUtc <= horizon)
            .ToListAsync(cancellationToken);

        var queued = 0;
        foreach (var ev in events)
        {
            var due = Reminders.OffsetsFor(ev).Where(offset => Reminders.IsDue(ev, offset, now)).ToList();
            if (due.Count > 0)
            {
                queued += await QueueForEventAsync(ev, due, now, cancellationToken);
            }
        }

        return queued;
    }

    private async Task<int> QueueForEventAsync(Event ev, IReadOnlyList<int> offsets, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var write = await EventWriteLock.BeginAsync(db, ev.Id, cancellationToken);
        var confirmed = await db.Registrations
            .Where(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Confirmed && r.AnonymisedAtUtc == null)
            .ToListAsync(cancellationToken);
        var already = (await db.Outbox
                .Where(m => m.EventId == ev.Id && m.ReminderOffsetMinutes != null)
                .Select(m => new { m.RegistrationId, m.ReminderOffsetMinutes })
                .ToListAsync(cancellationToken))
            .Select(m => (m.RegistrationId, m.ReminderOffsetMinutes!.Value))
            .ToHashSet();

        var queued = 0;
        foreach (var offset in offsets)
        {
            foreach (var registration in confirmed)
            {
                if (Reminders.ShouldRemind(registration, ev, offset) && !already.Contains((registration.Id, offset)))
                {
                    db.Outbox.Add(OutboxMessage.Reminder(registration, offset, now, manageLinks.Issue(registration, now)));
                    queued++;
                }
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await write.CommitAsync(cancellationToken);
            return queued;
        }
        catch (DbUpdateException)
        {
            // Another app sharing the database queued them between our look and our save.
            return 0;
        }
    }
}
