using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Registrations;

/// <summary>
/// Whenever places may have come free, gives them to the first people waiting (the event's own rule,
/// <see cref="Event.FillPlaces"/>) and emails each of them, in the transaction of the change that freed
/// them: an attendee or organiser cancelling, an offer lapsing, capacity raised or removed, the event
/// published or moved.
/// </summary>
internal sealed class PlaceAllocation(ManageLinks manageLinks, TimeProvider clock) : DomainEventHandler<PlacesMayBeFree>
{
    protected override async Task HandleAsync(RegistrationDbContext db, PlacesMayBeFree domainEvent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ev = await db.Events.FindAsync([domainEvent.EventId], cancellationToken);
        if (ev is null || !ev.CanPromote(now))
        {
            return;
        }

        var held = await WaitingList.CountHeldAsync(db, ev.Id, cancellationToken);
        if (ev.PlacesLeft(held) is not { } free)
        {
            free = int.MaxValue;
        }

        if (free == 0)
        {
            return;
        }

        foreach (var registration in ev.FillPlaces(held, await WaitingList.FirstAsync(db, ev.Id, free, cancellationToken), now))
        {
            var kind = registration.Status == RegistrationStatus.Offered ? MessageKind.PlaceOffered : MessageKind.PromotedFromWaitingList;
            db.Outbox.Add(OutboxMessage.For(registration, kind, now, manageLinks.Issue(registration, now)));
        }
    }
}
