using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;

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

public enum DetailsChangeOutcome
{
    /// <summary>Saved (or nothing needed saving); an address change waits for its link (<see cref="DetailsChange.EmailSentTo"/>).</summary>
    Saved,

    /// <summary>The form broke a rule: nothing was saved (<see cref="DetailsChange.Errors"/>).</summary>
    Invalid,

    /// <summary>Changes have closed, or the registration or event was cancelled, or it is over.</summary>
    TooLate,
    LinkNotValid,
}

/// <summary>What came of the person's changes to their details.</summary>
public sealed record DetailsChange(DetailsChangeOutcome Outcome, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<string> Changed, string? EmailSentTo)
{
    public static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    public static DetailsChange Of(DetailsChangeOutcome outcome) => new(outcome, NoErrors, [], null);
}

public enum EmailChangeOutcome
{
    Changed,

    /// <summary>Unknown, used, or replaced by a newer request.</summary>
    LinkNotValid,
    Expired,

    /// <summary>The registration was cancelled, or changes to it have closed.</summary>
    TooLate,

    /// <summary>Someone else registered for the event with the new address meanwhile.</summary>
    AddressTaken,
}

/// <summary>The change of address a confirmation link is for, as its page shows it before it is made.</summary>
public sealed record PendingEmailChange(EventRegistration Registration, Event Event);

/// <summary>
/// The manage link's workflows: look up by token, cancel (a place held goes to the next person waiting),
/// claim an offered place, turn off every other link to the registration, change the details given, and
/// change the address through a link sent to the new one.
/// </summary>
public sealed class ManageService(
    IDbContextFactory<RegistrationDbContext> dbFactory, TimeProvider clock, ManageLinks manageLinks, AttemptLog attempts, IOptions<RateLimitOptions> limits)
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

    /// <summary>
    /// The person changes what they told us, checked as the sign-up form checks it (consent was given when
    /// they signed up). A new address is not used until the link sent to it is opened.
    /// </summary>
    public async Task<DetailsChange> ChangeDetailsAsync(string token, SignUpInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await ChangeAsync(token, DetailsChange.Of(DetailsChangeOutcome.LinkNotValid), async (db, link, now) =>
        {
            var registration = link.Registration!;
            var ev = registration.Event!;
            if (!registration.IsActive || !ev.AcceptsDetailChanges(now))
            {
                return DetailsChange.Of(DetailsChangeOutcome.TooLate);
            }

            var details = SignUpDetails.Validate(input with { Consent = true }, ev.Questions, ev.BuiltInFields, out var errors);
            if (details is null)
            {
                return new DetailsChange(DetailsChangeOutcome.Invalid, errors, [], null);
            }

            // Whether someone registered already uses the new address is said only to whoever opens the link
            // sent to it (their own address): said here, the form would tell anyone with a registration who else has one.
            var movesAddress = EventRegistration.NormalizeEmail(details.Email) != registration.NormalizedEmail;

            // Each request emails an address the person typed, so a registration, or one address, is sent only a few an hour.
            if (movesAddress && limits.Value.Enabled
                && !(attempts.TryTake($"address-change:{registration.Id}", limits.Value.AddressChangeEmailsPerHour, TimeSpan.FromHours(1))
                    && attempts.TryTake("address-change-to:" + EventRegistration.NormalizeEmail(details.Email), limits.Value.AddressChangeEmailsPerHour, TimeSpan.FromHours(1))))
            {
                return new DetailsChange(DetailsChangeOutcome.Invalid, new Dictionary<string, string> { [SignUpDetails.EmailField] = TooManyAddressChanges }, [], null);
            }

            var changed = registration.ChangeDetails(details, ev.BuiltInFields, ev.Questions);
            if (changed.Count > 0)
            {
                // Which fields, never what they now say: access and dietary needs are the person's own business.
                db.Audit.Add(AuditEntry.Record(now, EventRegistration.ByAttendee, "changed their details", ev.Id,
                    $"Registration {registration.Id}: {string.Join(", ", changed.Select(key => FieldName(ev, key)))}"));
            }

            if (!movesAddress)
            {
                return new DetailsChange(DetailsChangeOutcome.Saved, DetailsChange.NoErrors, changed, null);
            }

            var secret = registration.RequestEmailChange(details.Email, now);
            db.Outbox.Add(OutboxMessage.EmailChangeLink(registration, now, manageLinks.Protect(secret)));
            db.Audit.Add(AuditEntry.Record(now, EventRegistration.ByAttendee, "asked to change their email address", ev.Id,
                $"Registration {registration.Id}: a link to confirm the new address was sent to it"));
            return new DetailsChange(DetailsChangeOutcome.Saved, DetailsChange.NoErrors, changed, details.Email);
        }, cancellationToken);
    }

    public const string TooManyAddressChanges = "We have sent several links to confirm a new address in the last hour, so we are not sending another yet. Use the most recent one, or try again in an hour. Nothing has been saved.";

    public const string AddressTakenMessage = "This address is already registered for this event, so the other registration cannot be moved to it. Nothing has changed; the registration keeps its old address.";

    /// <summary>The change of address behind a confirmation link, while the link works.</summary>
    public async Task<PendingEmailChange?> FindEmailChangeAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var registration = await PendingChange(db, secret).Include(r => r.Event).SingleOrDefaultAsync(cancellationToken);
        return registration is null || clock.GetUtcNow().UtcDateTime >= registration.PendingEmailExpiresAtUtc
            ? null
            : new PendingEmailChange(registration, registration.Event!);
    }

    /// <summary>
    /// The link sent to a new address was opened and confirmed: that address becomes the registration's,
    /// the link is used up, and the old address is told (so a change its owner did not make is seen).
    /// Links to the manage page keep working: they belong to the registration, not to an address.
    /// </summary>
    public async Task<EmailChangeOutcome> ConfirmEmailChangeAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var eventId = await PendingChange(db, secret).Select(r => (int?)r.EventId).SingleOrDefaultAsync(cancellationToken);
        if (eventId is null)
        {
            return EmailChangeOutcome.LinkNotValid;
        }

        await using var transaction = await EventWriteLock.BeginAsync(db, eventId.Value, cancellationToken);
        var registration = await PendingChange(db, secret).Include(r => r.Event).SingleOrDefaultAsync(cancellationToken);
        if (registration is null)
        {
            return EmailChangeOutcome.LinkNotValid;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = now >= registration.PendingEmailExpiresAtUtc ? EmailChangeOutcome.Expired
            : !registration.IsActive || !registration.Event!.AcceptsDetailChanges(now) ? EmailChangeOutcome.TooLate
            : await AddressTakenAsync(db, registration, EventRegistration.NormalizeEmail(registration.PendingEmail!), cancellationToken) ? EmailChangeOutcome.AddressTaken
            : EmailChangeOutcome.Changed;
        if (outcome == EmailChangeOutcome.Changed)
        {
            // Every earlier link stops working with the change, so the new address gets one that works.
            var old = registration.ConfirmEmailChange(now);
            db.Outbox.Add(OutboxMessage.AddressReplaced(registration, old, now));
            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.EmailChangeConfirmed, now, manageLinks.Issue(registration, now)));
            db.Audit.Add(AuditEntry.Record(now, EventRegistration.ByAttendee, "changed their email address", registration.EventId,
                $"Registration {registration.Id}: confirmed from the new address; earlier links turned off; the old address was told"));
        }
        else
        {
            // A link that cannot be used now never can: it is spent either way.
            registration.ForgetEmailChange();
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>How the audit names a field: its question's label, never the answer.</summary>
    private static string FieldName(Event ev, string key) => key switch
    {
        SignUpDetails.NameField => "name",
        SignUpDetails.EmailField => "email address (written differently, the same mailbox)",
        SignUpDetails.OrganisationField => "organisation",
        SignUpDetails.AccessNeedsKey => "access needs",
        SignUpDetails.DietaryNeedsKey => "dietary needs",
        _ => $"answer to \"{ev.Questions.FirstOrDefault(q => q.Key == key)?.Label ?? key}\"",
    };

    private static Task<bool> AddressTakenAsync(RegistrationDbContext db, EventRegistration registration, string normalizedEmail, CancellationToken cancellationToken) =>
        db.Registrations.AnyAsync(r => r.EventId == registration.EventId && r.Id != registration.Id && r.Status != RegistrationStatus.Cancelled && r.NormalizedEmail == normalizedEmail, cancellationToken);

    private static IQueryable<EventRegistration> PendingChange(RegistrationDbContext db, string secret)
    {
        if (!IsPlausible(secret))
        {
            return db.Registrations.Where(r => false);
        }

        var hash = ManageToken.HashOf(secret);
        return db.Registrations.Where(r => r.PendingEmailHash == hash);
    }

    /// <summary>The person keeps the address they have: a change of address waiting for its link is dropped, and the link stops working.</summary>
    public async Task<bool> KeepAddressAsync(string token, CancellationToken cancellationToken = default) =>
        await ChangeAsync(token, false, (db, link, now) =>
        {
            link.Registration!.ForgetEmailChange();
            return true;
        }, cancellationToken);

    /// <summary>Runs one change to the registration behind <paramref name="token"/> under its event's write lock.</summary>
    private Task<TOutcome> ChangeAsync<TOutcome>(
        string token, TOutcome notFound, Func<RegistrationDbContext, ManageToken, DateTime, TOutcome> change, CancellationToken cancellationToken) =>
        ChangeAsync(token, notFound, (db, link, now) => Task.FromResult(change(db, link, now)), cancellationToken);

    private async Task<TOutcome> ChangeAsync<TOutcome>(
        string token, TOutcome notFound, Func<RegistrationDbContext, ManageToken, DateTime, Task<TOutcome>> change, CancellationToken cancellationToken)
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

        var outcome = await change(db, link, clock.GetUtcNow().UtcDateTime);
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
