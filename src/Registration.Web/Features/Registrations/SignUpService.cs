using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Registrations;

public enum SignUpOutcome
{
    Confirmed,
    Waitlisted,

    /// <summary>The address already holds a registration: no second place; a fresh manage link is emailed (at most every 10 minutes).</summary>
    AlreadyRegistered,

    /// <summary>Registration is not open (not yet, closed, cancelled, finished); <see cref="SignUpResult.Availability"/> says which.</summary>
    NotOpen,
    EventNotFound,
}

public sealed record SignUpResult(SignUpOutcome Outcome, RegistrationAvailability? Availability = null, int? WaitlistPosition = null);

/// <summary>
/// Signs a person up: in one write transaction it checks the window, looks for an earlier registration by
/// the same address, asks the event whether a newcomer gets a place (not while anyone is waiting), and
/// saves the registration with its email in the outbox.
/// </summary>
public sealed class SignUpService(IDbContextFactory<RegistrationDbContext> dbFactory, TimeProvider clock, ManageLinks manageLinks)
{
    public Task<SignUpResult> SignUpAsync(int eventId, SignUpDetails details, CancellationToken cancellationToken = default) =>
        RegisterAsync(eventId, details, organiser: null, cancellationToken);

    /// <summary>
    /// An organiser adds someone by hand: the registration window does not apply (the door, a phone call),
    /// but capacity and the waiting list do, and the person gets the same emails; the audit log records who added them.
    /// </summary>
    public Task<SignUpResult> AddByOrganiserAsync(int eventId, SignUpDetails details, string organiser, CancellationToken cancellationToken = default) =>
        RegisterAsync(eventId, details, organiser, cancellationToken);

    private async Task<SignUpResult> RegisterAsync(int eventId, SignUpDetails details, string? organiser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await EventWriteLock.BeginAsync(db, eventId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var ev = await HotQueries.EventById(db, eventId, cancellationToken);
        if (ev is null)
        {
            return new SignUpResult(SignUpOutcome.EventNotFound);
        }

        var availability = ev.GetAvailability(now);
        var byOrganiserBeforeTheEnd = organiser is not null && availability is RegistrationAvailability.Open or RegistrationAvailability.NotOpenYet or RegistrationAvailability.Closed;
        if (availability != RegistrationAvailability.Open && !byOrganiserBeforeTheEnd)
        {
            return new SignUpResult(SignUpOutcome.NotOpen, availability);
        }

        var normalizedEmail = EventRegistration.NormalizeEmail(details.Email);
        var existing = await HotQueries.ActiveRegistration(db, ev.Id, normalizedEmail, cancellationToken);
        if (existing is not null)
        {
            // The answer is the same whether or not an email goes: the form must not tell a stranger
            // anything, nor let them flood someone's inbox. Links sent before keep working.
            if (existing.MaySendLinkAgain(now))
            {
                db.Outbox.Add(OutboxMessage.For(existing, MessageKind.ManageLinkResent, now, manageLinks.Issue(existing, now)));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new SignUpResult(SignUpOutcome.AlreadyRegistered, availability);
        }

        var held = await WaitingList.CountHeldAsync(db, ev.Id, cancellationToken);
        var waiting = await WaitingList.AnyoneWaitingAsync(db, ev.Id, cancellationToken);
        var (registration, token) = ev.Admit(details, held, waiting, now, organiser is null ? EventRegistration.ByAttendee : $"organiser {organiser}");
        db.Registrations.Add(registration);
        if (organiser is not null)
        {
            db.Audit.Add(AuditEntry.About(registration, now, organiser, "add registration", $"{details.Name} <{details.Email}>"));
        }

        var kind = registration.Status == RegistrationStatus.Confirmed ? MessageKind.RegistrationConfirmed : MessageKind.Waitlisted;
        db.Outbox.Add(OutboxMessage.For(registration, kind, now, manageLinks.Protect(token)));
        await db.SaveChangesAsync(cancellationToken);

        int? position = registration.Status == RegistrationStatus.Waitlisted
            ? await WaitingList.PositionAsync(db, registration, cancellationToken)
            : null;
        await transaction.CommitAsync(cancellationToken);
        return new SignUpResult(position is null ? SignUpOutcome.Confirmed : SignUpOutcome.Waitlisted, availability, position);
    }
}
