using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Registrations;

/// <summary>Reads and moves the waiting list. Callers hold the event's write lock (<see cref="EventWriteLock"/>).</summary>
internal static class WaitingList
{
    public static Task<int> CountConfirmedAsync(RegistrationDbContext db, int eventId, CancellationToken cancellationToken) =>
        HotQueries.ConfirmedCount(db, eventId, cancellationToken);

    /// <summary>1 for the first person waiting: the order is the order in which people signed up.</summary>
    public static Task<int> PositionAsync(RegistrationDbContext db, EventRegistration registration, CancellationToken cancellationToken) =>
        HotQueries.WaitingUpTo(db, registration.EventId, registration.Id, cancellationToken);

    /// <summary>Gives every free place to the next person waiting, each with a message telling them.</summary>
    public static async Task<int> FillFreePlacesAsync(RegistrationDbContext db, Event ev, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (!ev.CanPromote(nowUtc))
        {
            return 0;
        }

        var confirmed = await CountConfirmedAsync(db, ev.Id, cancellationToken);
        var free = ev.PlacesLeft(confirmed) ?? int.MaxValue;
        if (free == 0)
        {
            return 0;
        }

        var next = await db.Registrations
            .Where(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.Id)
            .Take(free)
            .ToListAsync(cancellationToken);
        foreach (var registration in next)
        {
            registration.Promote(nowUtc, EventRegistration.ByWaitingList);
            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.PromotedFromWaitingList, nowUtc));
        }

        return next.Count;
    }
}
