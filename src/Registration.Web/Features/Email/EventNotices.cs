using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;

namespace Registration.Web.Features.Email;

public enum EventCancelOutcome
{
    Cancelled,
    AlreadyCancelled,
    NotFound,
}

/// <summary>
/// Word to everyone registered when an event moves or is called off. The importer and the organiser's
/// editor call these in the same save as the change itself.
/// </summary>
public sealed class EventNotices(IDbContextFactory<RegistrationDbContext> dbFactory, ManageLinks manageLinks, TimeProvider clock)
{
    /// <summary>Queues an update (with a calendar file at the event's new sequence) for every active registration.</summary>
    public async Task<int> QueueChangeNoticesAsync(RegistrationDbContext db, Event ev, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ev);
        var active = await ActiveAsync(db, ev.Id, cancellationToken);
        foreach (var registration in active)
        {
            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.EventChanged, nowUtc, manageLinks.Issue(registration, nowUtc)));
        }

        return active.Count;
    }

    /// <summary>Cancels the event and tells everyone registered, with a calendar cancellation.</summary>
    public async Task<EventCancelOutcome> CancelEventAsync(int eventId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var write = await EventWriteLock.BeginAsync(db, eventId, cancellationToken);
        var ev = await db.Events.SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null)
        {
            return EventCancelOutcome.NotFound;
        }

        if (ev.Cancel() == StatusChangeOutcome.AlreadyInThatState)
        {
            return EventCancelOutcome.AlreadyCancelled;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var registration in await ActiveAsync(db, ev.Id, cancellationToken))
        {
            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.EventCancelled, now, manageLinks.Issue(registration, now)));
        }

        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return EventCancelOutcome.Cancelled;
    }

    private static Task<List<EventRegistration>> ActiveAsync(RegistrationDbContext db, int eventId, CancellationToken cancellationToken) =>
        db.Registrations.Where(r => r.EventId == eventId && r.Status != RegistrationStatus.Cancelled).OrderBy(r => r.Id).ToListAsync(cancellationToken);
}
