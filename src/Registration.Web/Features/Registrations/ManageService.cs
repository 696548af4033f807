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

    /// <summary>The event is over (or called off): there is nothing left to cancel.</summary>
    TooLate,
}

public enum SelfClaimOutcome
{
    Claimed,
    NoOffer,
    Expired,
    LinkNotValid,
}

public enum RevokeLinksOutcome
{
    Revoked,
    LinkNotValid,
}

/// <summary>
/// The manage link's workflows: look up by token, cancel (a place held goes to the next person waiting),
/// claim an offered place, and turn off every other link to the registration.
/// </summary>
public sealed class ManageService(IDbContextFactory<RegistrationDbContext> dbFactory, TimeProvider clock, ManageLinks manageLinks)
{
    public async Task<ManagedRegistration?> FindAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindByTokenAsync(db, token, cancellationToken);
        if (found is null)
        {
            return null;
        }

        var registration = found.Registration!;
        int? position = registration.Status == RegistrationStatus.Waitlisted
            ? await WaitingList.PositionAsync(db, registration, cancellationToken)
            : null;
        return new ManagedRegistration(registration, registration.Event!, position);
    }

    public async Task<SelfCancelOutcome> CancelAsync(string token, CancellationToken cancellationToken = default)
    {
        return await ChangeAsync(token, SelfCancelOutcome.LinkNotValid, (db, link, now) =>
        {
            var registration = link.Registration!;
            if (!registration.Event!.TakesChangesFromAttendees(now))
            {
                return SelfCancelOutcome.TooLate;
            }

            if (registration.Cancel(now, EventRegistration.ByAttendee) == CancelOutcome.AlreadyCancelled)
            {
                return SelfCancelOutcome.AlreadyCancelled;
            }

            // Cancelling turned the earlier links off; this email brings one that shows the cancellation.
            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.RegistrationCancelled, now, manageLinks.Issue(registration, now)));
            return SelfCancelOutcome.Cancelled;
        }, cancellationToken);
    }

    /// <summary>The person takes the place offered to them; their confirmation (with the calendar file) follows by email.</summary>
    public async Task<SelfClaimOutcome> ClaimAsync(string token, CancellationToken cancellationToken = default)
    {
        return await ChangeAsync(token, SelfClaimOutcome.LinkNotValid, (db, link, now) =>
        {
            var registration = link.Registration!;
            if (!registration.Event!.TakesChangesFromAttendees(now))
            {
                return SelfClaimOutcome.Expired;
            }

            var claimed = registration.ClaimOffer(now);
            if (claimed == ClaimOutcome.Claimed)
            {
                db.Outbox.Add(OutboxMessage.For(registration, MessageKind.RegistrationConfirmed, now, manageLinks.Issue(registration, now)));
            }

            return claimed switch
            {
                ClaimOutcome.Claimed => SelfClaimOutcome.Claimed,
                ClaimOutcome.Expired => SelfClaimOutcome.Expired,
                _ => SelfClaimOutcome.NoOffer,
            };
        }, cancellationToken);
    }

    /// <summary>Every other link to this registration stops working; the one in hand keeps working.</summary>
    public async Task<RevokeLinksOutcome> RevokeOtherLinksAsync(string token, CancellationToken cancellationToken = default)
    {
        return await ChangeAsync(token, RevokeLinksOutcome.LinkNotValid, (db, link, now) =>
        {
            link.Registration!.RevokeManageTokensExcept(link);
            return RevokeLinksOutcome.Revoked;
        }, cancellationToken);
    }

    /// <summary>Runs one change to the registration behind <paramref name="token"/> under its event's write lock.</summary>
    private async Task<TOutcome> ChangeAsync<TOutcome>(
        string token, TOutcome notFound, Func<RegistrationDbContext, ManageToken, DateTime, TOutcome> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var eventId = await FindEventIdAsync(db, token, cancellationToken);
        if (eventId is null)
        {
            return notFound;
        }

        await using var transaction = await EventWriteLock.BeginAsync(db, eventId.Value, cancellationToken);

        // Read again under the lock: the link may have been turned off, or the registration changed, meanwhile.
        var link = await FindByTokenAsync(db, token, cancellationToken);
        if (link is null)
        {
            return notFound;
        }

        var outcome = change(db, link, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private static async Task<int?> FindEventIdAsync(RegistrationDbContext db, string token, CancellationToken cancellationToken) =>
        IsPlausible(token)
            ? await ValidTokens(db, token).Select(t => (int?)t.Registration!.EventId).SingleOrDefaultAsync(cancellationToken)
            : null;

    private static async Task<ManageToken?> FindByTokenAsync(RegistrationDbContext db, string token, CancellationToken cancellationToken) =>
        IsPlausible(token)
            ? await ValidTokens(db, token).Include(t => t.Registration!).ThenInclude(r => r.Event).SingleOrDefaultAsync(cancellationToken)
            : null;

    private static bool IsPlausible(string token) => !string.IsNullOrEmpty(token) && token.Length <= 100;

    /// <summary>A token works while it belongs to its registration's current generation of links.</summary>
    private static IQueryable<ManageToken> ValidTokens(RegistrationDbContext db, string token)
    {
        var hash = ManageToken.HashOf(token);
        return db.ManageTokens.Where(t => t.Hash == hash && t.Generation == t.Registration!.LinkGeneration);
    }
}
