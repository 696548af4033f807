using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Registrations;

/// <summary>Reads the places and the waiting list of an event. Callers that act on them hold the event's write lock (<see cref="EventWriteLock"/>).</summary>
internal static class WaitingList
{
    public static Task<int> CountHeldAsync(RegistrationDbContext db, int eventId, CancellationToken cancellationToken) =>
        HotQueries.HeldCount(db, eventId, cancellationToken);

    public static Task<int> CountOfferedAsync(RegistrationDbContext db, int eventId, CancellationToken cancellationToken) =>
        db.Registrations.CountAsync(r => r.EventId == eventId && r.Status == RegistrationStatus.Offered, cancellationToken);

    public static Task<bool> AnyoneWaitingAsync(RegistrationDbContext db, int eventId, CancellationToken cancellationToken) =>
        HotQueries.AnyoneWaiting(db, eventId, cancellationToken);

    /// <summary>
    /// Places a newcomer could take now: none while anyone is waiting, since places go in order; null
    /// when the event is unlimited.
    /// </summary>
    public static async Task<int?> PlacesForNewcomersAsync(RegistrationDbContext db, Event ev, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return await AnyoneWaitingAsync(db, ev.Id, cancellationToken) ? 0 : ev.PlacesLeft(await CountHeldAsync(db, ev.Id, cancellationToken));
    }

    /// <summary>1 for the first person waiting: the order is the order in which people signed up.</summary>
    public static Task<int> PositionAsync(RegistrationDbContext db, EventRegistration registration, CancellationToken cancellationToken) =>
        HotQueries.WaitingUpTo(db, registration.EventId, registration.Id, cancellationToken);

    /// <summary>The first <paramref name="count"/> people waiting, in the order they signed up.</summary>
    public static Task<List<EventRegistration>> FirstAsync(RegistrationDbContext db, int eventId, int count, CancellationToken cancellationToken) =>
        db.Registrations
            .Where(r => r.EventId == eventId && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
}
