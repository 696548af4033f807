using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;

namespace Registration.Web.Features.Notifications;

/// <summary>Reads and saves one organiser's choice for one event.</summary>
public sealed class NotificationChoices(IDbContextFactory<RegistrationDbContext> dbFactory)
{
    public async Task<NotificationChoice> GetAsync(string organiserId, int eventId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<OrganiserNotification>()
            .Where(n => n.OrganiserId == organiserId && n.EventId == eventId)
            .Select(n => n.Choice)
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task SetAsync(string organiserId, int eventId, NotificationChoice choice, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var write = await EventWriteLock.BeginAsync(db, eventId, cancellationToken);
        var saved = await db.Set<OrganiserNotification>().SingleOrDefaultAsync(n => n.OrganiserId == organiserId && n.EventId == eventId, cancellationToken);
        if (saved is null)
        {
            saved = OrganiserNotification.For(organiserId, eventId);
            db.Add(saved);
        }

        saved.Choose(choice);
        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
    }
}
