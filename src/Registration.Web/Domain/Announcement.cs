namespace Registration.Web.Domain;

/// <summary>Who an organiser's message goes to, among the people registered for the event.</summary>
public enum Audience
{
    /// <summary>People with a place.</summary>
    Confirmed = 0,

    /// <summary>People on the waiting list, including those offered a place who have not yet claimed it.</summary>
    Waiting = 1,

    /// <summary>People with a place who have been checked in: those who came.</summary>
    CheckedIn = 2,

    /// <summary>People with a place who have not been checked in.</summary>
    NotCheckedIn = 3,

    /// <summary>Everyone still registered: with a place, waiting, or offered one.</summary>
    EveryoneActive = 4,
}

/// <summary>
/// One message an organiser sent to an event's attendees, for the event's history: what it said, to whom
/// and by whom. Its outbox messages point back to it (<see cref="OutboxMessage.AnnouncementId"/>), so how
/// many were delivered is read from them rather than kept twice.
/// </summary>
public sealed class Announcement
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 20_000;

    private Announcement()
    {
        Subject = string.Empty;
        Body = string.Empty;
        SentBy = string.Empty;
    }

    public int Id { get; private set; }

    public int EventId { get; private set; }

    public string Subject { get; private set; }

    /// <summary>The organiser's text as written (markdown); for a notice the app wrote, what it was about.</summary>
    public string Body { get; private set; }

    public Audience Audience { get; private set; }

    public int RecipientCount { get; private set; }

    /// <summary>The organiser's email.</summary>
    public string SentBy { get; private set; }

    public DateTime SentAtUtc { get; private set; }

    public static Announcement Record(int eventId, Audience audience, string subject, string body, int recipientCount, string sentBy, DateTime nowUtc) => new()
    {
        EventId = eventId,
        Audience = audience,
        Subject = CheckedSubject(subject),
        Body = CheckedBody(body),
        RecipientCount = recipientCount,
        SentBy = sentBy.Length > 256 ? sentBy[..256] : sentBy,
        SentAtUtc = nowUtc,
    };

    /// <summary>
    /// A notice the app wrote for an organiser's action (a cancellation, a new time or place), recorded so
    /// the history shows everything attendees were sent: the subject as they saw it, and what it was about.
    /// </summary>
    public static Announcement RecordNotice(int eventId, string subject, string about, int recipientCount, string sentBy, DateTime nowUtc) =>
        Record(eventId, Audience.EveryoneActive, subject.Length > MaxSubjectLength ? subject[..(MaxSubjectLength - 1)] + "…" : subject, about, recipientCount, sentBy, nowUtc);

    /// <summary>
    /// A subject of one line: a line break in it could start a header of its own (say a Bcc) in a mail
    /// system that trusted it, so it is refused here, before anything is queued, as well as removed when the
    /// email is written.
    /// </summary>
    public static string CheckedSubject(string? subject)
    {
        var trimmed = subject?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new DomainException("Give the email a subject.");
        }

        if (trimmed.Length > MaxSubjectLength)
        {
            throw new DomainException($"Give the email a subject of at most {MaxSubjectLength} characters.");
        }

        if (trimmed.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
        {
            throw new DomainException("The subject must be a single line, without line breaks or tabs.");
        }

        return trimmed;
    }

    public static string CheckedBody(string? body)
    {
        var trimmed = (body ?? string.Empty).Replace("\0", string.Empty, StringComparison.Ordinal).Trim();
        if (trimmed.Length == 0)
        {
            throw new DomainException("Write the message.");
        }

        if (trimmed.Length > MaxBodyLength)
        {
            throw new DomainException($"Write the message in at most {MaxBodyLength:N0} characters.");
        }

        return trimmed;
    }
}
