using Microsoft.EntityFrameworkCore;
using Quartz;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Email;

namespace Registration.Web.Features.Registrations;

/// <summary>
/// Lets offered places that were not claimed in time lapse (at their deadline, or when the event starts),
/// tells each person, and passes the place on: lapsing raises <see cref="PlacesMayBeFree"/>, so the next
/// person waiting is offered it in the same transaction.
/// </summary>
public sealed class WaitlistOffers(IDbContextFactory<RegistrationDbContext> dbFactory, ManageLinks manageLinks, TimeProvider clock)
{
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<int> events;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            events = await db.Registrations
                .Where(r => r.Status == RegistrationStatus.Offered && (r.OfferExpiresAtUtc <= now || r.Event!.Schedule.StartsAtUtc <= now))
                .Select(r => r.EventId)
                .Distinct()
                .ToListAsync(cancellationToken);
        }

        var lapsed = 0;
        foreach (var eventId in events)
        {
            lapsed += await ExpireForEventAsync(eventId, now, cancellationToken);
        }

        return lapsed;
    }

    private async Task<int> ExpireForEventAsync(int eventId, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var write = await EventWriteLock.BeginAsync(db, eventId, cancellationToken);
        var ev = await db.Events.SingleAsync(e => e.Id == eventId, cancellationToken);
        var offered = await db.Registrations
            .Where(r => r.EventId == eventId && r.Status == RegistrationStatus.Offered)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var lapsed = 0;
        foreach (var registration in offered.Where(r => r.ExpireOffer(now, ev.Schedule.StartsAtUtc)))
        {
            // Everyone on a cancelled event has already been told; a second email about it would only confuse.
            if (ev.Status != EventStatus.Cancelled)
            {
                db.Outbox.Add(OutboxMessage.For(registration, MessageKind.OfferLapsed, now, manageLinks.Issue(registration, now)));
            }

            lapsed++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return lapsed;
    }
}

[DisallowConcurrentExecution]
internal sealed class OfferExpiryJob(WaitlistOffers offers, ILogger<OfferExpiryJob> logger)
    : LoggedJob(logger, "it runs again in a minute")
{
    protected override Task RunAsync(CancellationToken cancellationToken) => offers.ExpireDueAsync(cancellationToken);
}
