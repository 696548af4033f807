using System.Globalization;

namespace Registration.Web.Domain;

public enum RegistrationStatus
{
    Confirmed = 0,
    Waitlisted = 1,
    Cancelled = 2,

    /// <summary>First in line for a place that is held for them until <see cref="EventRegistration.OfferExpiresAtUtc"/>.</summary>
    Offered = 3,
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

public enum ClaimOutcome
{
    Claimed,
    NoOffer,
    Expired,
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
/// One person's registration for one event. The status moves Waitlisted → Offered → Confirmed, and any
/// of them → Cancelled, only through the guarded methods here, each recording when and by whom. Giving up
/// a place raises <see cref="PlacesMayBeFree"/>, so the next person waiting gets it in the same
/// transaction. Every email carries its own manage link (<see cref="IssueManageToken"/>); only hashes are kept.
/// </summary>
public sealed class EventRegistration : DomainEntity
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxOrganisationLength = 200;
    public const int MaxAnswerLength = 1000;
    public const string ByAttendee = "attendee";
    public const string ByWaitingList = "waiting list";
    public const string ByOfferLapsing = "offer not claimed in time";

    /// <summary>A link confirming a new email address works for this long.</summary>
    public static readonly TimeSpan EmailChangeLifespan = TimeSpan.FromHours(24);

    /// <summary>Asking the form for one's link again sends at most one email in this time.</summary>
    public static readonly TimeSpan LinkResendInterval = TimeSpan.FromMinutes(10);

    private Dictionary<string, string> _answers = [];
    private readonly List<ManageToken> _manageTokens = [];

    private EventRegistration()
    {
        Name = string.Empty;
        Email = string.Empty;
        NormalizedEmail = string.Empty;
        StatusChangedBy = string.Empty;
        CheckInSalt = string.Empty;
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

    /// <summary>When a place was offered to this person, until when it is held for them.</summary>
    public DateTime? OfferExpiresAtUtc { get; private set; }

    /// <summary>Manage links of this generation work; moving it on turns every older link off.</summary>
    public int LinkGeneration { get; private set; }

    public IReadOnlyList<ManageToken> ManageTokens => _manageTokens;

    /// <summary>When the person last asked the form to email their link again.</summary>
    public DateTime? LinkResentAtUtc { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? CheckedInAtUtc { get; private set; }

    public string? CheckedInBy { get; private set; }

    /// <summary>Random, made with the registration; the check-in code is derived from it (<see cref="CheckInKey"/>).</summary>
    public string CheckInSalt { get; private set; }

    /// <summary>
    /// SHA-256 of the check-in code, by which a scanned code finds this registration. Null only until the
    /// registration is first saved by the app (or, for those from before check-in codes, until its next start).
    /// </summary>
    public string? CheckInCodeHash { get; private set; }

    /// <summary>The organisers' own notes about this person (not shown to them).</summary>
    public string? Notes { get; private set; }

    /// <summary>
    /// What the organisers' search looks in, folded (<see cref="SearchFolding"/>): the name, then the email,
    /// the organisation and every answer, one per line. It starts with the name, so ordering by it orders by
    /// name without regard to accents or case. Kept here, beside the fields it is made of, so a change to
    /// one of them cannot leave it behind; null only for registrations from before it, until the app's
    /// next start (<see cref="IndexForSearch"/>).
    /// </summary>
    public string? SearchText { get; private set; }

    /// <summary>
    /// An address the person asked to change to, not yet confirmed: it replaces <see cref="Email"/> only
    /// when the link sent to it is opened (<see cref="ConfirmEmailChange"/>), so nobody can move a
    /// registration's emails to an address they do not read.
    /// </summary>
    public string? PendingEmail { get; private set; }

    /// <summary>SHA-256 of the secret in the link sent to <see cref="PendingEmail"/>; only the newest request's is kept.</summary>
    public string? PendingEmailHash { get; private set; }

    public DateTime? PendingEmailExpiresAtUtc { get; private set; }

    /// <summary>
    /// When the person's details were removed (<see cref="Anonymise"/>): by the retention job after the
    /// event, or because they asked. What is left is what the event's figures need.
    /// </summary>
    public DateTime? AnonymisedAtUtc { get; private set; }

    public bool IsAnonymised => AnonymisedAtUtc is not null;

    public bool IsActive => Status != RegistrationStatus.Cancelled;

    /// <summary>Counts against capacity: a confirmed place, or one held for someone while they decide.</summary>
    public bool HoldsPlace => Status is RegistrationStatus.Confirmed or RegistrationStatus.Offered;

    /// <summary>
    /// Creates a registration that takes a place when the event gives one (<see cref="Event.TakesNewcomer"/>)
    /// and joins the waiting list when not, with the manage link for its first email.
    /// </summary>
    public static (EventRegistration Registration, string ManageToken) Create(
        int eventId, SignUpDetails details, bool placeAvailable, DateTime nowUtc, string by = ByAttendee)
    {
        ArgumentNullException.ThrowIfNull(details);
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
            CreatedAtUtc = nowUtc,
            CheckInSalt = CheckInKey.NewSalt(),
        };
        registration.IndexForSearch();
        return (registration, registration.IssueManageToken(nowUtc));
    }

    /// <summary>
    /// Cancels the registration. Every manage link sent so far stops working (a new one goes with the
    /// cancellation email), and a place it held goes to the next person waiting.
    /// </summary>
    public CancelOutcome Cancel(DateTime nowUtc, string by)
    {
        if (Status == RegistrationStatus.Cancelled)
        {
            return CancelOutcome.AlreadyCancelled;
        }

        GiveUpPlace(nowUtc, by);
        LinkGeneration++;
        return CancelOutcome.Cancelled;
    }

    /// <summary>
    /// Gives this person a confirmed place: someone waiting (when the event's place allocation says so)
    /// or someone whose offered place an organiser confirms for them.
    /// </summary>
    public PromoteOutcome Promote(DateTime nowUtc, string by)
    {
        if (Status is not (RegistrationStatus.Waitlisted or RegistrationStatus.Offered))
        {
            return PromoteOutcome.NotOnWaitingList;
        }

        ChangeStatus(RegistrationStatus.Confirmed, nowUtc, by);
        OfferExpiresAtUtc = null;
        return PromoteOutcome.Promoted;
    }

    /// <summary>Holds a place for this person, first in line, until <paramref name="expiresAtUtc"/>.</summary>
    public PromoteOutcome Offer(DateTime nowUtc, DateTime expiresAtUtc)
    {
        if (Status != RegistrationStatus.Waitlisted)
        {
            return PromoteOutcome.NotOnWaitingList;
        }

        ChangeStatus(RegistrationStatus.Offered, nowUtc, ByWaitingList);
        OfferExpiresAtUtc = expiresAtUtc;
        return PromoteOutcome.Promoted;
    }

    /// <summary>The person takes the place offered to them, if the offer still stands.</summary>
    public ClaimOutcome ClaimOffer(DateTime nowUtc)
    {
        if (Status != RegistrationStatus.Offered)
        {
            return ClaimOutcome.NoOffer;
        }

        if (nowUtc >= OfferExpiresAtUtc)
        {
            return ClaimOutcome.Expired;
        }

        ChangeStatus(RegistrationStatus.Confirmed, nowUtc, ByAttendee);
        OfferExpiresAtUtc = null;
        return ClaimOutcome.Claimed;
    }

    /// <summary>
    /// An unclaimed offer runs out (at its deadline, or when the event starts): the person leaves the
    /// waiting list and the place passes on (while the event has not started). Returns false when there
    /// is nothing to expire yet.
    /// </summary>
    public bool ExpireOffer(DateTime nowUtc, DateTime eventStartsAtUtc)
    {
        if (Status != RegistrationStatus.Offered || (nowUtc < OfferExpiresAtUtc && nowUtc < eventStartsAtUtc))
        {
            return false;
        }

        // Nobody asked for this, so the links they have keep working and show what happened.
        GiveUpPlace(nowUtc, ByOfferLapsing);
        return true;
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

    /// <summary>
    /// Records the hash of this registration's one check-in code. The code never changes (the same key and
    /// salt make the same code), so every email that shows it shows the same one.
    /// </summary>
    public void AssignCheckInCode(CheckInKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckInCodeHash = CheckInKey.HashOf(key.CodeFor(this));
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

    /// <summary>
    /// Folds the searched fields into <see cref="SearchText"/>. Each is folded alone and they are joined by
    /// line breaks, which folding never leaves inside a field or a typed word, so no word found matches
    /// across two fields.
    /// </summary>
    public void IndexForSearch() =>
        SearchText = string.Join('\n', new[] { Name, Email, Organisation ?? string.Empty }
            .Concat(_answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value))
            .Select(SearchFolding.Fold));

    /// <summary>
    /// The person changes what they told us: their name, and, of what the form asks now, their organisation
    /// and answers. Answers to questions the form no longer asks are kept as they were. Moves no place.
    /// Returns the fields that changed ("name", "organisation", or an answer's key), none when nothing did.
    /// </summary>
    public IReadOnlyList<string> ChangeDetails(SignUpDetails details, BuiltInFields fields, IEnumerable<EventQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(questions);
        if (!IsActive)
        {
            throw new DomainException("A cancelled registration cannot be changed.");
        }

        var changed = new List<string>();

        // The same mailbox written another way (capitals) needs no confirmation: only a new one does.
        if (Email != details.Email && NormalizeEmail(details.Email) == NormalizedEmail)
        {
            changed.Add(SignUpDetails.EmailField);
            Email = details.Email;
        }

        if (Name != details.Name)
        {
            changed.Add(SignUpDetails.NameField);
            Name = details.Name;
        }

        if (fields.HasFlag(BuiltInFields.Organisation) && Organisation != details.Organisation)
        {
            changed.Add(SignUpDetails.OrganisationField);
            Organisation = details.Organisation;
        }

        var asked = new List<string>();
        if (fields.HasFlag(BuiltInFields.AccessNeeds))
        {
            asked.Add(SignUpDetails.AccessNeedsKey);
        }

        if (fields.HasFlag(BuiltInFields.DietaryNeeds))
        {
            asked.Add(SignUpDetails.DietaryNeedsKey);
        }

        asked.AddRange(questions.Select(q => q.Key));
        var answers = new Dictionary<string, string>(_answers, StringComparer.Ordinal);
        foreach (var key in asked)
        {
            var before = _answers.GetValueOrDefault(key);
            var after = details.Answers.GetValueOrDefault(key);
            if (before == after)
            {
                continue;
            }

            changed.Add(key);
            if (after is null)
            {
                answers.Remove(key);
            }
            else
            {
                answers[key] = after;
            }
        }

        if (changed.Count > 0)
        {
            // A new dictionary, not the old one changed in place, so EF sees the JSON column change.
            _answers = answers;
            IndexForSearch();
        }

        return changed;
    }

    /// <summary>
    /// The person asks to use <paramref name="newEmail"/> (already checked as the form checks it). Returns
    /// the secret for the link to send there; a request made before stops working, so the newest wins.
    /// </summary>
    public string RequestEmailChange(string newEmail, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(newEmail);
        if (!IsActive)
        {
            throw new DomainException("A cancelled registration cannot be changed.");
        }

        var (hash, secret) = ManageToken.NewHashedSecret();
        PendingEmail = newEmail;
        PendingEmailHash = hash;
        PendingEmailExpiresAtUtc = nowUtc + EmailChangeLifespan;
        return secret;
    }

    /// <summary>
    /// The link sent to the new address was opened: it becomes the address, the link is used up, and every
    /// manage link sent so far stops working. Returns the address it replaced.
    /// </summary>
    public string ConfirmEmailChange(DateTime nowUtc)
    {
        if (PendingEmail is null || nowUtc >= PendingEmailExpiresAtUtc)
        {
            throw new DomainException("There is no change of address waiting to be confirmed.");
        }

        var old = Email;
        Email = PendingEmail;
        NormalizedEmail = NormalizeEmail(PendingEmail);
        ForgetEmailChange();
        IndexForSearch();

        // The links in emails to the old address stop working (a mailbox left behind, or one that was not
        // the person's): the registration is reached from the new address's emails from now on.
        LinkGeneration++;
        return old;
    }

    public void ForgetEmailChange()
    {
        PendingEmail = null;
        PendingEmailHash = null;
        PendingEmailExpiresAtUtc = null;
    }

    /// <summary>A new manage link for one email; links sent before keep working.</summary>
    public string IssueManageToken(DateTime nowUtc)
    {
        var (token, secret) = ManageToken.Issue(this, nowUtc);
        _manageTokens.Add(token);
        return secret;
    }

    /// <summary>
    /// The person turns off every manage link but the one in their hand (say, after forwarding an email
    /// by mistake).
    /// </summary>
    public void RevokeManageTokensExcept(ManageToken kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        LinkGeneration++;
        kept.KeepIn(LinkGeneration);

        // Whoever had one of those links may have asked to move the registration to their own address.
        ForgetEmailChange();
    }

    /// <summary>
    /// Someone enters this address on the form again: they get a fresh link by email, but at most one
    /// such email per <see cref="LinkResendInterval"/>, so the form cannot be used to flood their inbox.
    /// </summary>
    public bool MaySendLinkAgain(DateTime nowUtc)
    {
        if (LinkResentAtUtc is { } last && nowUtc - last < LinkResendInterval)
        {
            return false;
        }

        LinkResentAtUtc = nowUtc;
        return true;
    }

    /// <summary>
    /// Removes who the person is and what they told us: name, address (and one waiting to be confirmed),
    /// organisation, every answer, the organisers' notes and the search text made of them; every manage
    /// link stops working. Kept, for the event's figures: the status and when it last changed, when they
    /// registered and checked in. The check-in code hash stays because the code is random, not personal.
    /// </summary>
    public void Anonymise(DateTime nowUtc)
    {
        if (IsAnonymised)
        {
            return;
        }

        Name = string.Empty;
        Email = string.Empty;
        NormalizedEmail = string.Empty;
        Organisation = null;
        _answers = [];
        Notes = null;
        SearchText = string.Empty;
        ForgetEmailChange();
        LinkResentAtUtc = null;
        LinkGeneration++;
        AnonymisedAtUtc = nowUtc;
    }

    /// <summary>Removes the answers <paramref name="isSensitive"/> picks (health and other special-category data); returns whether any went.</summary>
    public bool RemoveAnswers(Func<string, bool> isSensitive)
    {
        ArgumentNullException.ThrowIfNull(isSensitive);
        var kept = _answers.Where(a => !isSensitive(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        if (kept.Count == _answers.Count)
        {
            return false;
        }

        // A new dictionary, so EF sees the JSON column change.
        _answers = kept;
        IndexForSearch();
        return true;
    }

    /// <summary>
    /// The person asked for their data to be erased. Before the event ends, a place they hold or wait for is
    /// given up first (the next person waiting gets it, in the same transaction); after it, the status stays
    /// as it was, so the event's figures still say who came. Then everything <see cref="Anonymise"/> removes goes.
    /// </summary>
    public void Erase(DateTime nowUtc, string by, bool eventOver)
    {
        if (IsActive && !eventOver)
        {
            GiveUpPlace(nowUtc, by);
        }

        Anonymise(nowUtc);
    }

    /// <summary>
    /// Addresses compare case-insensitively, and the domain as mail will reach it (its ASCII, IDNA form:
    /// "bücher.example" and "xn--bcher-kva.example" are one mailbox); the address as given is kept in
    /// <see cref="Email"/> for sending.
    /// </summary>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at < 0)
        {
            return trimmed.ToUpperInvariant();
        }

        string domain;
        try
        {
            domain = new IdnMapping().GetAscii(trimmed[(at + 1)..]);
        }
        catch (ArgumentException)
        {
            domain = trimmed[(at + 1)..];
        }

        return $"{trimmed[..at]}@{domain}".ToUpperInvariant();
    }


    private void GiveUpPlace(DateTime nowUtc, string by)
    {
        if (HoldsPlace)
        {
            Raise(new PlacesMayBeFree(EventId));
        }

        ChangeStatus(RegistrationStatus.Cancelled, nowUtc, by);
        OfferExpiresAtUtc = null;
    }

    private void ChangeStatus(RegistrationStatus status, DateTime nowUtc, string by)
    {
        Status = status;
        StatusChangedAtUtc = nowUtc;
        StatusChangedBy = by;
    }
}
