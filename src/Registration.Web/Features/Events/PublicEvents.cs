using Registration.Web.Domain;

namespace Registration.Web.Features.Events;

public static class PublicEvents
{
    /// <summary>What the public may see: published events, and cancelled ones so people learn they are off. Never drafts.</summary>
    public static IQueryable<Event> Public(this IQueryable<Event> events) => events.Where(e => e.Status != EventStatus.Draft);
}
