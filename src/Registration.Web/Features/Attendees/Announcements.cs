using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Registrations;

namespace Registration.Web.Features.Attendees;

/// <summary>Who the preview greets: the first person the message would go to, or a made-up one when nobody would get it.</summary>
public sealed record PreviewRecipient(string Name, bool Confirmed)
{
    public static readonly PreviewRecipient Sample = new("Sam Example", Confirmed: true);
}

/// <summary>
/// One message in an event's history, with how many of its copies have been delivered or have failed so far.
/// <see cref="Kind"/> is <see cref="MessageKind.Announcement"/> for the organiser's own words, or the notice
/// the app wrote for their action (<see cref="MessageKind.EventCancelled"/>, <see cref="MessageKind.EventChanged"/>).
/// </summary>
public sealed record SentAnnouncement(DateTime SentAtUtc, string SentBy, string Subject, Audience Audience, int RecipientCount, int Delivered, int Failed, MessageKind Kind);

/// <summary>
/// An organiser emails the attendees of one event ("venue confirmed"): the message is recorded once, for
/// the event's history, and queued as one outbox row per person, in one save. The page's preview and each
/// email are written by the same code (<see cref="MessageComposer.PreviewAnnouncement"/>).
/// </summary>
public sealed class Announcements(IDbContextFactory<RegistrationDbContext> dbFactory, ManageLinks manageLinks, MessageComposer composer, TimeProvider clock)
{
    public static IReadOnlyList<Audience> Audiences { get; } = Enum.GetValues<Audience>();

    public static string Describe(Audience audience) => audience switch
    {
        Audience.Confirmed => "People with a place",
        Audience.Waiting => "People waiting (waiting list and offered a place)",
        Audience.CheckedIn => "People who were checked in",
        Audience.NotCheckedIn => "People with a place who were not checked in",
        Audience.EveryoneActive => "Everyone registered (with a place or waiting)",
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, null),
    };

    public async Task<int> CountAsync(int eventId, Audience audience)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await Recipients(db, eventId, audience).CountAsync();
    }

    /// <summary>Who is in the audience now, by registration, in order: what the organiser confirms sending to.</summary>
    public async Task<IReadOnlyList<int>> AudienceAsync(int eventId, Audience audience)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await Recipients(db, eventId, audience).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
    }

    public async Task<PreviewRecipient> PreviewRecipientAsync(int eventId, Audience audience)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await Recipients(db, eventId, audience).OrderBy(r => r.Id)
            .Select(r => new PreviewRecipient(r.Name, r.Status == RegistrationStatus.Confirmed))
            .FirstOrDefaultAsync() ?? PreviewRecipient.Sample;
    }

    public (string Subject, string Html) Preview(Event ev, PreviewRecipient recipient, string? subject, string? body)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return composer.PreviewAnnouncement(ev, recipient.Name, recipient.Confirmed, subject?.Trim() ?? string.Empty, body?.Trim() ?? string.Empty);
    }

    /// <summary>
    /// Queues the message for everyone in the audience and records it; returns how many. Throws
    /// <see cref="DomainException"/> for a bad subject or body, or when the audience is no longer the people
    /// the organiser agreed to send to (<paramref name="confirmedRecipients"/>, from <see cref="AudienceAsync"/>):
    /// the same number is not enough, as one person cancelling and another signing up keeps the count.
    /// </summary>
    public async Task<int> SendAsync(int eventId, Audience audience, string subject, string body, string organiser, IReadOnlyCollection<int> confirmedRecipients)
    {
        ArgumentNullException.ThrowIfNull(confirmedRecipients);
        await using var db = await dbFactory.CreateDbContextAsync();

        // The audience is read and the messages queued in one write, so nobody can join or leave in between.
        await using var write = await EventWriteLock.BeginAsync(db, eventId, CancellationToken.None);
        var now = clock.GetUtcNow().UtcDateTime;
        var recipients = await Recipients(db, eventId, audience).OrderBy(r => r.Id).ToListAsync();
        if (!recipients.Select(r => r.Id).SequenceEqual(confirmedRecipients.Order()))
        {
            throw new DomainException($"Nothing was sent: the audience has changed since you confirmed, and is now {People(recipients.Count)}.");
        }

        if (recipients.Count == 0)
        {
            throw new DomainException("Nobody is in this audience, so there is nobody to send it to.");
        }

        var announcement = Announcement.Record(eventId, audience, subject, body, recipients.Count, organiser, now);
        db.Announcements.Add(announcement);
        foreach (var registration in recipients)
        {
            db.Outbox.Add(OutboxMessage.Announcement(registration, announcement, now, manageLinks.Issue(registration, now)));
        }

        db.Audit.Add(AuditEntry.Record(now, organiser, "email attendees", eventId, $"\"{announcement.Subject}\" to {People(recipients.Count)} ({Describe(audience).ToLowerInvariant()})"));
        await db.SaveChangesAsync();
        await write.CommitAsync(CancellationToken.None);
        return recipients.Count;
    }

    /// <summary>Queues the message to the signed-in organiser alone, marked as a test; it is in no history and reaches no attendee.</summary>
    public async Task<string> SendTestAsync(int eventId, string subject, string body, string organiser)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var email = await db.Users.Where(u => u.UserName == organiser).Select(u => u.Email).SingleOrDefaultAsync();
        if (string.IsNullOrEmpty(email))
        {
            throw new DomainException("Your account has no email address to send the test to.");
        }

        db.Outbox.Add(OutboxMessage.AnnouncementTest(eventId, email, subject, body, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
        return email;
    }

    public async Task<IReadOnlyList<SentAnnouncement>> HistoryAsync(int eventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Announcements.AsNoTracking()
            .Where(a => a.EventId == eventId)
            .OrderByDescending(a => a.SentAtUtc).ThenByDescending(a => a.Id)
            .Select(a => new SentAnnouncement(
                a.SentAtUtc,
                a.SentBy,
                a.Subject,
                a.Audience,
                a.RecipientCount,
                db.Outbox.Count(m => m.AnnouncementId == a.Id && m.Status == OutboxStatus.Sent),
                db.Outbox.Count(m => m.AnnouncementId == a.Id && m.Status == OutboxStatus.Failed),
                db.Outbox.Where(m => m.AnnouncementId == a.Id).Select(m => (MessageKind?)m.Kind).FirstOrDefault() ?? MessageKind.Announcement))
            .ToListAsync();
    }

    /// <summary>What a history line calls a message the app wrote for an organiser's action, so it is not taken for their own words.</summary>
    public static string? NoticeKind(MessageKind kind) => kind switch
    {
        MessageKind.EventCancelled => "Cancellation notice",
        MessageKind.EventChanged => "Change notice",
        _ => null,
    };

    public static string People(int count) => count == 1 ? "1 person" : $"{count} people";

    private static IQueryable<EventRegistration> Recipients(RegistrationDbContext db, int eventId, Audience audience)
    {
        // Nobody whose details were removed (after the event, or at their request) can be written to.
        var registrations = db.Registrations.Where(r => r.EventId == eventId && r.AnonymisedAtUtc == null);
        return audience switch
        {
            Audience.Confirmed => registrations.Where(r => r.Status == RegistrationStatus.Confirmed),
            Audience.Waiting => registrations.Where(r => r.Status == RegistrationStatus.Waitlisted || r.Status == RegistrationStatus.Offered),
            Audience.CheckedIn => registrations.Where(r => r.Status == RegistrationStatus.Confirmed && r.CheckedInAtUtc != null),
            Audience.NotCheckedIn => registrations.Where(r => r.Status == RegistrationStatus.Confirmed && r.CheckedInAtUtc == null),
            Audience.EveryoneActive => registrations.Where(r => r.Status != RegistrationStatus.Cancelled),
            _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, null),
        };
    }
}
