using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Registrations;

/// <summary>What the holder of a manage link sees: their registration, its event, and their place in the queue.</summary>
public sealed record ManagedRegistration(EventRegistration Registration, Event Event, int? WaitlistPosition);

public enum SelfCancelOutcome
{
    Cancelled,
    AlreadyCancelled,
    LinkNotValid,
}

/// <summary>The manage link's workflows: look up by token, and cancel (which gives the place to the next person waiting).</summary>
public sealed class ManageService(IDbContextFactory<RegistrationDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ManagedRegistration?> FindAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var registration = await FindByTokenAsync(db, token, cancellationToken);
        if (registration is null)
        {
            return null;
        }

        int? position = registration.Status == RegistrationStatus.Waitlisted
            ? await WaitingList.PositionAsync(db, registration, cancellationToken)
            : null;
        return new ManagedRegistration(registration, registration.Event!, position);
    }

    public async Task<SelfCancelOutcome> CancelAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindByTokenAsync(db, token, cancellationToken);
        if (found is null)
        {
            return SelfCancelOutcome.LinkNotValid;
        }

        await using var transaction = await EventWriteLock.BeginAsync(db, found.EventId, cancellationToken);
        await db.Entry(found).ReloadAsync(cancellationToken);
        await db.Entry(found.Event!).ReloadAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (found.Cancel(now, EventRegistration.ByAttendee) == CancelOutcome.AlreadyCancelled)
        {
            return SelfCancelOutcome.AlreadyCancelled;
        }

        db.Outbox.Add(OutboxMessage.For(found, MessageKind.RegistrationCancelled, now));
        await db.SaveChangesAsync(cancellationToken);
        await WaitingList.FillFreePlacesAsync(db, found.Event!, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SelfCancelOutcome.Cancelled;
    }

    private static Task<EventRegistration?> FindByTokenAsync(RegistrationDbContext db, string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return Task.FromResult<EventRegistration?>(null);
        }

        var hash = EventRegistration.HashToken(token);
        return db.Registrations.Include(r => r.Event).SingleOrDefaultAsync(r => r.ManageTokenHash == hash, cancellationToken);
    }
}
