namespace Registration.Web.Domain;

/// <summary>Something that happened to an entity which other rules must react to in the same transaction.</summary>
public interface IDomainEvent;

/// <summary>
/// Places at an event may have come free, or the way they are given out changed: a place holder
/// cancelled or let an offer lapse, capacity went up or was removed, the event was published or moved.
/// Whoever handles it gives free places to the first people waiting (<see cref="Event.FillPlaces"/>).
/// </summary>
public sealed record PlacesMayBeFree(int EventId) : IDomainEvent;

/// <summary>
/// Someone new signed up for an event (a place or the waiting list), by the form or added by an organiser
/// (<see cref="Event.Admit"/>). Raised once the registration is made; its handlers see it saved.
/// </summary>
public sealed record SignedUp(EventRegistration Registration) : IDomainEvent;

/// <summary>
/// An entity that raises domain events. They are kept until the change is saved; the data layer hands
/// them to their handlers inside the same write transaction and then clears them.
/// </summary>
public abstract class DomainEntity
{
    private List<IDomainEvent>? _domainEvents;

    public IReadOnlyList<IDomainEvent> DomainEvents => _domainEvents ?? [];

    public void ClearDomainEvents() => _domainEvents = null;

    protected void Raise(IDomainEvent domainEvent)
    {
        // The same event raised twice is handled once: the context drops repeats when it saves.
        _domainEvents ??= [];
        _domainEvents.Add(domainEvent);
    }
}
