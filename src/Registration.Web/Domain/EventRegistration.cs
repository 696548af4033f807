using System.Security.Cryptography;
using System.Text;

namespace Registration.Web.Domain;

public enum RegistrationStatus
{
    Confirmed = 0,
    Waitlisted = 1,
    Cancelled = 2,
}

public enum CancelOutcome
{
    Cancelled,
    AlreadyCancelled,
}

public enum PromoteOutcome
{
    Promoted,
    NotOnWaitingList,
}

public enum CheckInOutcome
{
    CheckedIn,
    AlreadyCheckedIn,

    /// <summary>Only people with a confirmed place are checked in; someone waiting or cancelled is not.</summary>
    NotConfirmed,
}

public enum UndoCheckInOutcome
{
    Undone,
    NotCheckedIn,
}

/// <summary>
/// One person's registration for one event. The status moves Confirmed ⇄ Waitlisted → Cancelled only
/// through the guarded methods here, each recording when and by whom. The manage token is shown to its
/// owner once (by email); only its hash is kept.
/// </summary>
public sealed class EventRegistration
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxOrganisationLength = 200;
    public const int MaxAnswerLength = 1000;
    public const string ByAttendee = "attendee";
    public const string ByWaitingList = "waiting list";

    private Dictionary<string, string> _answers = [];

    private EventRegistration()
    {
        Name = string.Empty;
        Email = string.Empty;
        NormalizedEmail = string.Empty;
        ManageTokenHash = string.Empty;
        StatusChangedBy = string.Empty;
    }

    public int Id { get; private set; }

    public int EventId { get; private set; }

    public Event? Event { get; private set; }

    /// <summary>As the person wrote it (trimmed), Unicode intact.</summary>
    public string Name { get; private set; }

    /// <summary>As the person wrote it (trimmed); compare with <see cref="NormalizedEmail"/>.</summary>
    public string Email { get; private set; }

    public string NormalizedEmail { get; private set; }

    public string? Organisation { get; private set; }

    public IReadOnlyDictionary<string, string> Answers => _answers;

    public DateTime ConsentedAtUtc { get; private set; }

    public RegistrationStatus Status { get; private set; }

    public DateTime StatusChangedAtUtc { get; private set; }

    public string StatusChangedBy { get; private set; }

    public string ManageTokenHash { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? CheckedInAtUtc { get; private set; }

    public string? CheckedInBy { get; private set; }

    /// <summary>The organisers' own notes about this person (not shown to them).</summary>
    public string? Notes { get; private set; }

    public bool IsActive => Status != RegistrationStatus.Cancelled;

    /// <summary>Creates a registration that takes a place when one is free and joins the waiting list when not.</summary>
    public static (EventRegistration Registration, string ManageToken) Create(
        int eventId, SignUpDetails details, bool placeAvailable, DateTime nowUtc, string by = ByAttendee)
    {
        ArgumentNullException.ThrowIfNull(details);
        var token = NewToken();
        var registration = new EventRegistration
        {
            EventId = eventId,
            Name = details.Name,
            Email = details.Email,
            NormalizedEmail = NormalizeEmail(details.Email),
            Organisation = details.Organisation,
            _answers = new Dictionary<string, string>(details.Answers, StringComparer.Ordinal),
            ConsentedAtUtc = nowUtc,
            Status = placeAvailable ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted,
            StatusChangedAtUtc = nowUtc,
            StatusChangedBy = by,
            ManageTokenHash = HashToken(token),
            CreatedAtUtc = nowUtc,
        };
        return (registration, token);
    }

    public CancelOutcome Cancel(DateTime nowUtc, string by)
    {
        if (Status == RegistrationStatus.Cancelled)
        {
            return CancelOutcome.AlreadyCancelled;
        }

        ChangeStatus(RegistrationStatus.Cancelled, nowUtc, by);
        return CancelOutcome.Cancelled;
    }

    public PromoteOutcome Promote(DateTime nowUtc, string by)
    {
        if (Status != RegistrationStatus.Waitlisted)
        {
            return PromoteOutcome.NotOnWaitingList;
        }

        ChangeStatus(RegistrationStatus.Confirmed, nowUtc, by);
        return PromoteOutcome.Promoted;
    }

    public CheckInOutcome CheckIn(DateTime nowUtc, string by)
    {
        if (Status != RegistrationStatus.Confirmed)
        {
            return CheckInOutcome.NotConfirmed;
        }

        if (CheckedInAtUtc is not null)
        {
            return CheckInOutcome.AlreadyCheckedIn;
        }

        CheckedInAtUtc = nowUtc;
        CheckedInBy = by;
        return CheckInOutcome.CheckedIn;
    }

    public UndoCheckInOutcome UndoCheckIn()
    {
        if (CheckedInAtUtc is null)
        {
            return UndoCheckInOutcome.NotCheckedIn;
        }

        CheckedInAtUtc = null;
        CheckedInBy = null;
        return UndoCheckInOutcome.Undone;
    }

    public void SetNotes(string? notes)
    {
        var trimmed = notes?.Trim();
        if (trimmed?.Length > MaxAnswerLength * 4)
        {
            throw new DomainException($"Notes must be {MaxAnswerLength * 4} characters or fewer.");
        }

        Notes = string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    /// <summary>Replaces the manage token (when the link is sent again); earlier links stop working.</summary>
    public string RenewManageToken()
    {
        var token = NewToken();
        ManageTokenHash = HashToken(token);
        return token;
    }

    /// <summary>Addresses compare case-insensitively; the local part's case is kept in <see cref="Email"/> for sending.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToUpperInvariant();

    public static string HashToken(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>256 random bits, URL-safe.</summary>
    private static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void ChangeStatus(RegistrationStatus status, DateTime nowUtc, string by)
    {
        Status = status;
        StatusChangedAtUtc = nowUtc;
        StatusChangedBy = by;
    }
}
