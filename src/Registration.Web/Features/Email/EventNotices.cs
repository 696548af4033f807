using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;

namespace Registration.Web.Features.Email;

public enum EventCancelOutcome
{
    Cancelled,
    AlreadyCancelled,
    NotFound,
}

/// <summary>
/// Word to everyone registered when an event moves or is called off. The importer and the organiser's
/// editor call these in the same save as the change itself.
/// </summary>
public sealed class EventNotices(IDbContextFactory<RegistrationDbContext> dbFactory, ManageLinks manageLinks, TimeProvider clock)
{
    /// <summary>
    /// Queues an update (with a calendar file at the event's new sequence) for every active registration,
    /// recorded in the event's history of messages as sent by <paramref name="sentBy"/>. Each copy says what
    /// changed from <paramref name="before"/>, taken before the event was changed.
    /// </summary>
    public async Task<int> QueueChangeNoticesAsync(RegistrationDbContext db, Event ev, EventSnapshot before, string sentBy, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ev);
        var active = await ActiveAsync(db, ev.Id, cancellationToken);
        QueueNotices(db, ev, active, MessageKind.EventChanged, sentBy, nowUtc, EventChange.Between(before, EventSnapshot.Of(ev)));
        return active.Count;
    }

    /// <summary>
    /// The people registered for an event taken off the site: their registration is kept, and what that
    /// means until it is back. Sent as an organiser's announcement, so it reads as word from them and is in
    /// the event's history of messages with the rest.
    /// </summary>
    public async Task<int> QueueUnpublishedNoticesAsync(RegistrationDbContext db, Event ev, string organiser, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ev);
        var active = await ActiveAsync(db, ev.Id, cancellationToken);
        // One message for people with a place and one for people waiting, each in the history as sent to its group.
        foreach (var group in active.GroupBy(r => r.Status == RegistrationStatus.Confirmed))
        {
            var kept = group.Key ? "You keep your place" : "You keep your place on the waiting list";
            var body = $"We have taken {ev.Title} off our website for now, so its page cannot be opened at the moment.\n\n"
                + $"{kept}, and the link below still shows your registration and lets you cancel it. No reminders are sent while the event is off the website.";
            var announcement = Announcement.Record(ev.Id, group.Key ? Audience.Confirmed : Audience.Waiting, "not on our website for now", body, group.Count(), organiser, nowUtc);
            db.Announcements.Add(announcement);
            foreach (var registration in group)
            {
                db.Outbox.Add(OutboxMessage.Announcement(registration, announcement, nowUtc, manageLinks.Issue(registration, nowUtc)));
            }
        }

        return active.Count;
    }

    /// <summary>
    /// Cancels the event with the organiser's <paramref name="reason"/> and, when <paramref name="tellThem"/>,
    /// tells everyone registered, with a calendar cancellation, recorded in the event's history of messages as
    /// sent by <paramref name="organiser"/>. Answers how many people were registered.
    /// </summary>
    public async Task<(EventCancelOutcome Outcome, int Registered)> CancelEventAsync(int eventId, string organiser, string? reason = null, bool tellThem = true, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var write = await EventWriteLock.BeginAsync(db, eventId, cancellationToken);
        var ev = await db.Events.SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null)
        {
            return (EventCancelOutcome.NotFound, 0);
        }

        if (ev.Cancel(reason) == StatusChangeOutcome.AlreadyInThatState)
        {
            return (EventCancelOutcome.AlreadyCancelled, 0);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var active = await ActiveAsync(db, ev.Id, cancellationToken);
        if (tellThem)
        {
            QueueNotices(db, ev, active, MessageKind.EventCancelled, organiser, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return (EventCancelOutcome.Cancelled, active.Count);
    }

    /// <summary>
    /// One copy for each person, all linked to one entry in the event's history, which gives the subject as
    /// the composer writes it (<see cref="MessageComposer"/>) so the history reads as the attendees saw it.
    /// </summary>
    private void QueueNotices(RegistrationDbContext db, Event ev, List<EventRegistration> recipients, MessageKind kind, string sentBy, DateTime nowUtc, IReadOnlyList<EventChange>? changes = null)
    {
        if (recipients.Count == 0)
        {
            return;
        }

        var about = kind == MessageKind.EventCancelled
            ? ev.CancellationReason is { } reason ? $"Cancelled. Why: {reason}" : "Cancelled."
            : EventChange.Describe(changes ?? []);
        var record = Announcement.RecordNotice(ev.Id, MessageComposer.NoticeSubject(kind, ev.Title), about, recipients.Count, sentBy, nowUtc);
        db.Announcements.Add(record);
        foreach (var registration in recipients)
        {
            db.Outbox.Add(OutboxMessage.Notice(registration, kind, record, nowUtc, manageLinks.Issue(registration, nowUtc), changes is null ? null : EventChange.Serialise(changes)));
        }
    }

    private static Task<List<EventRegistration>> ActiveAsync(RegistrationDbContext db, int eventId, CancellationToken cancellationToken) =>
        db.Registrations.Where(r => r.EventId == eventId && r.Status != RegistrationStatus.Cancelled && r.AnonymisedAtUtc == null).OrderBy(r => r.Id).ToListAsync(cancellationToken);
}
