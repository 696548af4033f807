using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Privacy;

/// <summary>Everything held for one address, as its page and its JSON download show it.</summary>
public sealed record MyDataReport(string Email, DateTime ProducedAtUtc, IReadOnlyList<MyDataRegistration> Registrations, IReadOnlyList<MyDataEmail> Emails)
{
    public bool IsEmpty => Registrations.Count == 0 && Emails.Count == 0;
}

/// <summary>One registration with every detail the person gave and what the organisers recorded about it.</summary>
public sealed record MyDataRegistration(
    string Event,
    string EventUrl,
    DateTime EventStartsAtUtc,
    string EventTimeZone,
    string Status,
    DateTime RegisteredAtUtc,
    DateTime? CheckedInAtUtc,
    string Name,
    string Email,
    string? Organisation,
    IReadOnlyList<MyDataAnswer> Answers,
    string? PendingEmail,
    string? OrganiserNotes);

/// <summary>One answer under the label the form asked it with; null when left blank.</summary>
public sealed record MyDataAnswer(string Question, string? Answer);

/// <summary>One email queued or sent: what it was, where it went, and when.</summary>
public sealed record MyDataEmail(string Kind, string? Event, string To, string Status, DateTime CreatedAtUtc, DateTime? SentAtUtc);

/// <summary>
/// A person's own access to their data by email address (<c>/my-data</c>): a link emailed to the address,
/// good once within <see cref="DataAccessRequest.Lifespan"/>, opens a list of everything held for it, which
/// they can download or delete.
/// </summary>
public sealed class MyDataService(
    IDbContextFactory<RegistrationDbContext> dbFactory,
    TimeProvider clock,
    MyDataLinks links,
    PersonalData personalData,
    AttemptLog attempts,
    IOptions<RateLimitOptions> limits)
{
    /// <summary>Who <see cref="EraseAsync"/> says asked, in the audit log.</summary>
    public const string Actor = "attendee (my data)";

    /// <summary>
    /// Emails a link to <paramref name="email"/> if anything is held for it, a few an hour at most, and tells
    /// the caller nothing either way. Both ways do the same work up to the two rows added, a limit check and
    /// one write transaction, so the time taken says little about which it was.
    /// </summary>
    public async Task RequestAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var normalized = EventRegistration.NormalizeEmail(email);
        var allowed = !limits.Value.Enabled
            || attempts.TryTake("data-access:" + normalized, limits.Value.DataAccessEmailsPerHour, DataAccessRequest.Lifespan);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await EventWriteLock.BeginAsync(db, null, EventWriteLock.Timeout, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        // The address as the person registered it, which mail has reached before, rather than as typed here.
        var address = await HeldForAddress.Registrations(db, normalized)
            .OrderByDescending(r => r.Id).Select(r => r.Email).FirstOrDefaultAsync(cancellationToken);
        if (allowed && address is not null)
        {
            var (request, secret) = DataAccessRequest.Issue(normalized, now);
            db.Add(request);
            db.Outbox.Add(OutboxMessage.DataAccessLink(address, now, links.Protect(secret)));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Forgets links once they have run out: their rows go, and their emails lose their recipient (the
    /// retention job then deletes their files in pickup mode). An email of a link belongs to no event, so
    /// the event's retention would never reach it. One still waiting to be sent is left for a later run.
    /// </summary>
    /// <returns>How many rows and emails were forgotten.</returns>
    public async Task<int> ForgetSpentLinksAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await EventWriteLock.BeginAsync(db, null, EventWriteLock.Timeout, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var spent = now - DataAccessRequest.Lifespan;
        var forgotten = await db.Set<DataAccessRequest>().Where(r => r.ExpiresAtUtc <= now).ExecuteDeleteAsync(cancellationToken);
        var emails = await db.Outbox.Where(m => m.Kind == MessageKind.DataAccessLink && m.ToAddress != string.Empty && m.Status != OutboxStatus.Pending && m.CreatedAtUtc <= spent)
            .ToListAsync(cancellationToken);
        foreach (var email in emails)
        {
            email.Anonymise(now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return forgotten + emails.Count;
    }

    /// <summary>Whether the link would work, for its page to say before it is used; it stays unused.</summary>
    public async Task<bool> LinkWorksAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var hash = ManageToken.HashOf(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<DataAccessRequest>().AnyAsync(r => r.Hash == hash && r.ExpiresAtUtc > now, cancellationToken);
    }

    /// <summary>
    /// Uses the link up: its row goes, and the caller gets the address it was for and until when a page
    /// opened with it may show the data (the link's own end). Null for a link unknown, used or run out.
    /// </summary>
    public async Task<MyDataSession?> UseLinkAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        var hash = ManageToken.HashOf(secret);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await EventWriteLock.BeginAsync(db, null, EventWriteLock.Timeout, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var request = await db.Set<DataAccessRequest>().SingleOrDefaultAsync(r => r.Hash == hash, cancellationToken);
        if (request is null)
        {
            return null;
        }

        db.Remove(request);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request.ExpiresAtUtc > now ? new MyDataSession(request.NormalizedEmail, request.ExpiresAtUtc, now) : null;
    }

    /// <summary>Every registration held for the address, at every event, and every email about them or to it.</summary>
    public async Task<MyDataReport> ReportAsync(string normalizedEmail, Func<string, string> eventUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventUrl);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var registrations = await HeldForAddress.Registrations(db, normalizedEmail).AsNoTracking().Include(r => r.Event)
            .OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var held = registrations.Select(r => Held(r, eventUrl(r.Event!.Slug))).ToList();

        // The emails about those registrations, wherever they went, and every email to the address, as erasure finds them.
        var ids = registrations.Select(r => r.Id).ToList();
        var addressed = (await HeldForAddress.EmailsAsync(db, normalizedEmail, cancellationToken)).Select(m => m.Id).ToList();
        var messages = await db.Outbox.AsNoTracking()
            .Where(m => (m.RegistrationId != null && ids.Contains(m.RegistrationId.Value)) || addressed.Contains(m.Id))
            .OrderBy(m => m.CreatedAtUtc).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);

        // The titles of the events those emails were about, not of every event.
        var about = messages.Where(m => m.EventId is not null).Select(m => m.EventId!.Value).Distinct().ToList();
        var titles = await db.Events.AsNoTracking().Where(e => about.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Title, cancellationToken);
        var emails = messages
            .Select(m => new MyDataEmail(KindInWords(m.Kind), m.EventId is { } id ? titles.GetValueOrDefault(id) : null, m.ToAddress, StatusInWords(m.Status), m.CreatedAtUtc, m.SentAtUtc))
            .ToList();
        var shown = registrations.Select(r => r.Email).FirstOrDefault() ?? emails.Select(e => e.To).FirstOrDefault() ?? normalizedEmail.ToLowerInvariant();
        return new MyDataReport(shown, clock.GetUtcNow().UtcDateTime, held, emails);
    }

    /// <summary>
    /// Erases everything held for the address (<see cref="PersonalData.ErasePersonAsync"/>, which takes its
    /// unused links too): places pass to the next people waiting, and nothing is emailed.
    /// </summary>
    public Task<Erasure> EraseAsync(string normalizedEmail, CancellationToken cancellationToken = default) =>
        personalData.ErasePersonAsync(normalizedEmail, Actor, cancellationToken);

    private static MyDataRegistration Held(EventRegistration registration, string eventUrl)
    {
        var ev = registration.Event!;
        var answers = ev.AnswersOf(registration).Select(a => new MyDataAnswer(a.Label, a.Answer)).ToList();

        // An answer to a question the form no longer asks is still held, so it is shown too.
        var asked = ev.Questions.Select(q => q.Key).Append(SignUpDetails.AccessNeedsKey).Append(SignUpDetails.DietaryNeedsKey).ToHashSet(StringComparer.Ordinal);
        answers.AddRange(registration.Answers.Where(a => !asked.Contains(a.Key)).Select(a => new MyDataAnswer($"A question no longer asked ({a.Key})", a.Value)));
        return new MyDataRegistration(
            ev.Title, eventUrl, ev.Schedule.StartsAtUtc, ev.Schedule.TimeZoneId, StatusInWords(registration.Status), registration.CreatedAtUtc, registration.CheckedInAtUtc,
            registration.Name, registration.Email, registration.Organisation, answers, registration.PendingEmail, registration.Notes);
    }

    private static string StatusInWords(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Confirmed => "Registered, with a place",
        RegistrationStatus.Waitlisted => "On the waiting list",
        RegistrationStatus.Offered => "Offered a place",
        _ => "Cancelled",
    };

    private static string StatusInWords(OutboxStatus status) => status switch
    {
        OutboxStatus.Sent => "Sent",
        OutboxStatus.Pending => "Waiting to be sent",
        _ => "Not sent",
    };

    internal static string KindInWords(MessageKind kind) => kind switch
    {
        MessageKind.RegistrationConfirmed => "Registration confirmed",
        MessageKind.Waitlisted => "Added to the waiting list",
        MessageKind.PromotedFromWaitingList => "A place from the waiting list",
        MessageKind.RegistrationCancelled => "Registration cancelled",
        MessageKind.ManageLinkResent => "Link to your registration",
        MessageKind.Reminder => "Reminder",
        MessageKind.EventChanged => "The event changed",
        MessageKind.EventCancelled => "The event was cancelled",
        MessageKind.Announcement => "Message from the organisers",
        MessageKind.PlaceOffered => "A place offered",
        MessageKind.OfferLapsed => "Offer of a place ended",
        MessageKind.OrganiserInvitation => "Invitation to be an organiser",
        MessageKind.PasswordReset => "Link to set a new password",
        MessageKind.OrganiserSignUpNotice => "News of a sign-up (to an organiser)",
        MessageKind.OrganiserDigest => "Daily summary (to an organiser)",
        MessageKind.AnnouncementTest => "Test of a message (to an organiser)",
        MessageKind.EmailChangeRequested => "Link to confirm a new address",
        MessageKind.EmailChanged => "Your address was changed",
        MessageKind.EmailChangeConfirmed => "New address confirmed",
        MessageKind.DataAccessLink => "Link to see your data",
        _ => kind.ToString(),
    };
}
