namespace Registration.Web.Domain;

public enum MessageKind
{
    RegistrationConfirmed = 0,
    Waitlisted = 1,
    PromotedFromWaitingList = 2,
    RegistrationCancelled = 3,
    ManageLinkResent = 4,
    Reminder = 5,
    EventChanged = 6,
    EventCancelled = 7,
    Announcement = 8,

    /// <summary>A place is held for someone waiting: claim it by the deadline.</summary>
    PlaceOffered = 9,

    /// <summary>An offered place was not claimed in time and went to the next person.</summary>
    OfferLapsed = 10,

    /// <summary>An Admin added an organiser: a link to set their password.</summary>
    OrganiserInvitation = 11,

    /// <summary>An organiser asked for a link to set a new password.</summary>
    PasswordReset = 12,

    /// <summary>Someone signed up for an event whose organiser asked to hear of each sign-up.</summary>
    OrganiserSignUpNotice = 13,

    /// <summary>An organiser's daily summary of an event's sign-ups and cancellations.</summary>
    OrganiserDigest = 14,

    /// <summary>An organiser's message to attendees, sent to the organiser alone to try it.</summary>
    AnnouncementTest = 15,

    /// <summary>A link, sent to the address someone asked to change to, that makes the change.</summary>
    EmailChangeRequested = 16,

    /// <summary>
    /// To the address a registration had, once another replaced it, so a change nobody asked for is seen. It
    /// carries no manage link: whoever reads that mailbox no longer manages the registration.
    /// </summary>
    EmailChanged = 17,

    /// <summary>To the new address once confirmed: the manage link that works from now on.</summary>
    EmailChangeConfirmed = 18,

    /// <summary>Someone asked at <c>/my-data</c> to see what is held for an address: a one-use link, sent to it.</summary>
    DataAccessLink = 19,
}

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>
/// An email someone should get, saved in the same transaction as the change that calls for it, so that a
/// change is never made without its message nor a message sent for a change that was rolled back. The
/// dispatcher sends it; <see cref="MessageId"/> stays the same across retries. Every message to an attendee
/// is about a registration and carries its own manage link, so it cannot be made without one; a message to
/// an organiser is about no event and carries a password link instead (<see cref="ToOrganiser"/>), or is
/// news of an event, written out when queued (<see cref="AboutEventToOrganiser"/>); an organiser's test
/// of a message to attendees (<see cref="AnnouncementTest"/>) is about an event and carries no secret.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
        ToAddress = string.Empty;
        ToName = string.Empty;
    }

    public long Id { get; private set; }

    public MessageKind Kind { get; private set; }

    /// <summary>Null only for a message to an organiser.</summary>
    public int? EventId { get; private set; }

    public int? RegistrationId { get; private set; }

    public EventRegistration? Registration { get; private set; }

    public string ToAddress { get; private set; }

    public string ToName { get; private set; }

    /// <summary>
    /// The secret the message must carry (its manage link's token, or an organiser's password link), encrypted with the app's
    /// data-protection keys, and wiped once sent. The registration itself keeps only the token's hash.
    /// </summary>
    public string? ProtectedPayload { get; private set; }

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime NextAttemptAtUtc { get; private set; }

    public DateTime? SentAtUtc { get; private set; }

    public string? LastError { get; private set; }

    public Guid MessageId { get; private set; }

    /// <summary>For an organiser's announcement: its subject and body (markdown), as the organiser wrote them; for a change notice, what changed (<c>EventChange</c>).</summary>
    public string? Subject { get; private set; }

    public string? Body { get; private set; }

    /// <summary>The announcement this message is one copy of, so its history can say how many arrived.</summary>
    public int? AnnouncementId { get; private set; }

    public Announcement? FromAnnouncement { get; private set; }

    /// <summary>
    /// For an organiser's notice of one sign-up: whose it was, so erasing that person removes the notice
    /// whatever their name has become since. Not <see cref="RegistrationId"/>: the notice is not an email to them.
    /// </summary>
    public int? AboutRegistrationId { get; private set; }

    /// <summary>For reminders: how many minutes before the start this one is; one per registration and offset.</summary>
    public int? ReminderOffsetMinutes { get; private set; }

    /// <summary>
    /// The dispatcher run that is sending this message, and until when its claim holds; only the holder of
    /// the current claim may record a result.
    /// </summary>
    public string? ClaimedBy { get; private set; }

    public DateTime? ClaimedUntilUtc { get; private set; }

    public static OutboxMessage Reminder(EventRegistration registration, int offsetMinutes, DateTime nowUtc, string protectedManageToken)
    {
        var message = For(registration, MessageKind.Reminder, nowUtc, protectedManageToken);
        message.ReminderOffsetMinutes = offsetMinutes;
        return message;
    }

    public const int MaxSubjectLength = Domain.Announcement.MaxSubjectLength;
    public const int MaxBodyLength = Domain.Announcement.MaxBodyLength;

    /// <summary>One attendee's copy of an organiser's message ("venue confirmed"), sent like every other email.</summary>
    public static OutboxMessage Announcement(EventRegistration registration, Announcement announcement, DateTime nowUtc, string protectedManageToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var message = For(registration, MessageKind.Announcement, nowUtc, protectedManageToken);
        message.Subject = announcement.Subject;
        message.Body = announcement.Body;
        message.FromAnnouncement = announcement;
        return message;
    }

    /// <summary>
    /// One attendee's copy of a notice an organiser's action sends to everyone registered (the event moved
    /// or was cancelled), written from the event when sent, and counted in <paramref name="record"/>'s history.
    /// <paramref name="changes"/> is what a change notice says changed (old and new), which the event no longer knows when it is sent.
    /// </summary>
    public static OutboxMessage Notice(EventRegistration registration, MessageKind kind, Announcement record, DateTime nowUtc, string protectedManageToken, string? changes = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (kind is not (MessageKind.EventChanged or MessageKind.EventCancelled))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only a change or a cancellation is a notice to everyone registered.");
        }

        var message = For(registration, kind, nowUtc, protectedManageToken);
        message.FromAnnouncement = record;
        message.Body = changes is { Length: <= MaxBodyLength } ? changes : null;
        return message;
    }

    /// <summary>An organiser's message sent to the organiser alone to try it: about the event, but to no attendee and in no history.</summary>
    public static OutboxMessage AnnouncementTest(int eventId, string organiserEmail, string subject, string body, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(organiserEmail);
        return new OutboxMessage
        {
            Kind = MessageKind.AnnouncementTest,
            EventId = eventId,
            ToAddress = organiserEmail,
            ToName = organiserEmail,
            Subject = Domain.Announcement.CheckedSubject(subject),
            Body = Domain.Announcement.CheckedBody(body),
            Status = OutboxStatus.Pending,
            CreatedAtUtc = nowUtc,
            NextAttemptAtUtc = nowUtc,
            MessageId = Guid.NewGuid(),
        };
    }

    /// <param name="protectedManageToken">A manage token issued for this message (<see cref="EventRegistration.IssueManageToken"/>), encrypted.</param>
    public static OutboxMessage For(EventRegistration registration, MessageKind kind, DateTime nowUtc, string protectedManageToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrEmpty(protectedManageToken);
        if (registration.IsAnonymised)
        {
            throw new DomainException("This person's details have been removed, so there is no address to write to.");
        }

        return new OutboxMessage
        {
            Kind = kind,
            EventId = registration.EventId,
            Registration = registration,
            ToAddress = registration.Email,
            ToName = registration.Name,
            ProtectedPayload = protectedManageToken,
            Status = OutboxStatus.Pending,
            CreatedAtUtc = nowUtc,
            NextAttemptAtUtc = nowUtc,
            MessageId = Guid.NewGuid(),
        };
    }

    /// <summary>
    /// The link that confirms <see cref="EventRegistration.PendingEmail"/>, sent there (not to the address
    /// in use), carrying the link's secret encrypted in place of a manage link.
    /// </summary>
    public static OutboxMessage EmailChangeLink(EventRegistration registration, DateTime nowUtc, string protectedSecret)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var message = For(registration, MessageKind.EmailChangeRequested, nowUtc, protectedSecret);
        message.ToAddress = registration.PendingEmail ?? throw new InvalidOperationException("No change of address is waiting.");

        // The new address may be a stranger's (a typing mistake): the header does not name the person either.
        message.ToName = string.Empty;
        return message;
    }

    /// <summary>
    /// Whether this message may still go where it was addressed. A registration that moved to another
    /// address after the message was queued (it waited for a slow mail server, or is retried) must not have
    /// it sent to the old one, which no longer manages it and would get its joining link; only the two
    /// messages about the move itself go to an address other than the registration's.
    /// </summary>
    public bool StillAddressedTo(EventRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return Kind is MessageKind.EmailChangeRequested or MessageKind.EmailChanged
            || EventRegistration.NormalizeEmail(ToAddress) == registration.NormalizedEmail;
    }

    /// <summary>
    /// Word to <paramref name="oldAddress"/> that the registration moved to another address. No manage link:
    /// if the change was not the person's, they reply and the organisers put it right.
    /// </summary>
    public static OutboxMessage AddressReplaced(EventRegistration registration, string oldAddress, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrEmpty(oldAddress);
        return new OutboxMessage
        {
            Kind = MessageKind.EmailChanged,
            EventId = registration.EventId,
            Registration = registration,
            ToAddress = oldAddress,
            ToName = registration.Name,
            Status = OutboxStatus.Pending,
            CreatedAtUtc = nowUtc,
            NextAttemptAtUtc = nowUtc,
            MessageId = Guid.NewGuid(),
        };
    }

    /// <summary>An organiser's invitation or password reset, carrying its link encrypted.</summary>
    public static OutboxMessage ToOrganiser(MessageKind kind, string email, DateTime nowUtc, string protectedLink)
    {
        if (kind is not (MessageKind.OrganiserInvitation or MessageKind.PasswordReset))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only invitations and password resets go to organisers.");
        }

        ArgumentException.ThrowIfNullOrEmpty(email);
        ArgumentException.ThrowIfNullOrEmpty(protectedLink);
        return new OutboxMessage
        {
            Kind = kind,
            ToAddress = email,
            ProtectedPayload = protectedLink,
            Status = OutboxStatus.Pending,
            CreatedAtUtc = nowUtc,
            NextAttemptAtUtc = nowUtc,
            MessageId = Guid.NewGuid(),
        };
    }

    /// <summary>
    /// The link to what is held for <paramref name="email"/>, sent there: about no event and no one
    /// registration (it covers them all), carrying the link's secret encrypted.
    /// </summary>
    public static OutboxMessage DataAccessLink(string email, DateTime nowUtc, string protectedSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(email);
        ArgumentException.ThrowIfNullOrEmpty(protectedSecret);
        return new OutboxMessage
        {
            Kind = MessageKind.DataAccessLink,
            ToAddress = email,
            ProtectedPayload = protectedSecret,
            Status = OutboxStatus.Pending,
            CreatedAtUtc = nowUtc,
            NextAttemptAtUtc = nowUtc,
            MessageId = Guid.NewGuid(),
        };
    }

    /// <summary>
    /// News of an event for one organiser (<see cref="MessageKind.OrganiserSignUpNotice"/> or
    /// <see cref="MessageKind.OrganiserDigest"/>), written when it is queued so it tells how things stood then.
    /// It carries no secret and belongs to no registration, so it never shows in an attendee's email history.
    /// </summary>
    public static OutboxMessage AboutEventToOrganiser(MessageKind kind, int eventId, string email, string subject, string body, DateTime nowUtc, int? aboutRegistrationId = null)
    {
        if (kind is not (MessageKind.OrganiserSignUpNotice or MessageKind.OrganiserDigest))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only sign-up notices and digests are news of an event for an organiser.");
        }

        ArgumentException.ThrowIfNullOrEmpty(email);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(body);
        return new OutboxMessage
        {
            Kind = kind,
            EventId = eventId,
            ToAddress = email,
            Subject = subject.Length > MaxSubjectLength ? subject[..(MaxSubjectLength - 1)] + "…" : subject,
            Body = body.Length > MaxBodyLength ? body[..MaxBodyLength] : body,
            AboutRegistrationId = aboutRegistrationId,
            Status = OutboxStatus.Pending,
            CreatedAtUtc = nowUtc,
            NextAttemptAtUtc = nowUtc,
            MessageId = Guid.NewGuid(),
        };
    }

    /// <summary>Sent: the secret it carried is wiped, and the claim let go.</summary>
    public void MarkSent(DateTime nowUtc)
    {
        Status = OutboxStatus.Sent;
        SentAtUtc = nowUtc;
        Attempts++;
        ProtectedPayload = null;
        LastError = null;
        Release();
    }

    /// <summary>
    /// A failed attempt: a transient one is tried again after <paramref name="retryAfter"/> until the
    /// attempts run out; a permanent one, or the last attempt, marks the message Failed and keeps the error.
    /// </summary>
    public void RecordFailure(DateTime nowUtc, string error, bool transient, int maxAttempts, TimeSpan retryAfter)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
        if (transient && Attempts < maxAttempts)
        {
            NextAttemptAtUtc = nowUtc + retryAfter;
        }
        else
        {
            Status = OutboxStatus.Failed;
        }

        Release();
    }

    /// <summary>The attempt is recorded: the claim is let go.</summary>
    private void Release()
    {
        ClaimedBy = null;
        ClaimedUntilUtc = null;
    }

    /// <summary>
    /// Removes the recipient and everything written into the message (an organiser's notice of a sign-up
    /// names the person; an error from the mail server may quote the address). A message not yet sent never
    /// will be: there is nobody left to send it to. Kept: its kind, its event and registration, and when it
    /// was sent, so a person's history and the event's figures still count it.
    /// </summary>
    public void Anonymise(DateTime nowUtc)
    {
        if (Status == OutboxStatus.Pending)
        {
            Status = OutboxStatus.Failed;
            NextAttemptAtUtc = nowUtc;
            Release();
        }

        ToAddress = string.Empty;
        ToName = string.Empty;
        Subject = null;
        Body = null;
        ProtectedPayload = null;
        LastError = Status == OutboxStatus.Failed ? PersonalDataRemoved : null;
    }

    /// <summary>What a removed message's error says instead of the server's words.</summary>
    public const string PersonalDataRemoved = "Not sent, or its error removed: the recipient's personal data was removed.";

    /// <summary>An organiser asks for a failed message to be tried again.</summary>
    public void Retry(DateTime nowUtc)
    {
        if (Status != OutboxStatus.Failed || ToAddress.Length == 0)
        {
            return;
        }

        Status = OutboxStatus.Pending;
        Attempts = 0;
        NextAttemptAtUtc = nowUtc;
    }
}
