using System.Buffers;

namespace Registration.Web.Domain;

/// <summary>
/// An event people register for. Its author's content comes in through <see cref="ApplyDetails"/>; its
/// life cycle through <see cref="Publish"/>, <see cref="Unpublish"/> and <see cref="Cancel"/>. It owns the
/// one rule for who holds a place: places go to people in the order they signed up
/// (<see cref="TakesNewcomer"/>, <see cref="FillPlaces"/>), and whatever may free a place raises
/// <see cref="PlacesMayBeFree"/> so that rule runs in the same transaction.
/// </summary>
public sealed class Event : DomainEntity
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 200_000;
    public const int MaxUrlLength = 2_000;
    public const int MaxCapacity = 1_000_000;
    public const int MaxReminderOffsetMinutes = 60 * 24 * 60;
    public const int MaxWaitlistOfferHours = 14 * 24;
    public const int MaxCancellationReasonLength = 1_000;

    /// <summary>Ten years: longer than any reason to keep an event's attendees, and far from DateTime's end.</summary>
    public const int MaxRetainDays = 3_650;

    // Control characters (C0, DEL, C1) and the bidirectional embeddings, overrides and isolates (see RequireTitle).
    private static readonly SearchValues<char> NotInTitles = SearchValues.Create(string.Concat(
        Enumerable.Range(0x00, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Concat(Enumerable.Range(0x202A, 5)).Concat(Enumerable.Range(0x2066, 4))
            .Select(c => (char)c)));

    private List<string> _topics = [];
    private List<string> _projects = [];
    private List<int> _reminderOffsetsMinutes = [];
    private List<EventQuestion> _questions = [];
    private List<string> _reviewNotes = [];
    private List<string> _linesReadIntoFields = [];

    private Event()
    {
        Slug = string.Empty;
        Title = string.Empty;
        Excerpt = string.Empty;
        Description = string.Empty;
        Schedule = null!;
        Location = EventLocation.ToBeConfirmed;
    }

    public int Id { get; private set; }

    public string Slug { get; private set; }

    public string Title { get; private set; }

    public string Excerpt { get; private set; }

    public string Description { get; private set; }

    public string? ImageUrl { get; private set; }

    public IReadOnlyList<string> Topics => _topics;

    public IReadOnlyList<string> Projects => _projects;

    public string? Category { get; private set; }

    public bool Featured { get; private set; }

    public EventStatus Status { get; private set; }

    public EventSchedule Schedule { get; private set; }

    public EventLocation Location { get; private set; }

    /// <summary>Only for registered attendees: never shown on public pages.</summary>
    public string? OnlineJoinUrl { get; private set; }

    /// <summary>A map of the venue chosen by the organiser; without one, the pages link an OpenStreetMap search for the venue.</summary>
    public string? MapUrl { get; private set; }

    /// <summary>Null means unlimited.</summary>
    public int? Capacity { get; private set; }

    /// <summary>
    /// Null: a place that comes free goes straight to the next person waiting. Otherwise it is offered to
    /// them, held for this many hours (never beyond the start), and passes on if they do not claim it.
    /// </summary>
    public int? WaitlistOfferHours { get; private set; }

    public DateTime? RegistrationOpensAtUtc { get; private set; }

    public DateTime? RegistrationClosesAtUtc { get; private set; }

    public string? RegistrationOpeningNote { get; private set; }

    /// <summary>
    /// Until when attendees may change the details they gave; null means until the start
    /// (<see cref="ChangesClose"/>). Cancelling stays open longer (<see cref="TakesChangesFromAttendees"/>).
    /// </summary>
    public DateTime? ChangesCloseAtUtc { get; private set; }

    public string? ExternalUrl { get; private set; }

    /// <summary>
    /// Days after the end that this event's registrations keep their personal data, in place of the
    /// setting <c>Privacy:RetainDays</c>; null follows the setting (<see cref="RetentionFor"/>).
    /// </summary>
    public int? RetainDays { get; private set; }

    /// <summary>When the retention job removed the personal data of every registration (names, addresses, answers).</summary>
    public DateTime? PersonalDataRemovedAtUtc { get; private set; }

    /// <summary>When the retention job removed the sensitive answers (access and dietary needs, questions marked sensitive).</summary>
    public DateTime? SensitiveDataRemovedAtUtc { get; private set; }

    public int? SeriesId { get; private set; }

    public Series? Series { get; private set; }

    /// <summary>Empty means the defaults: a day before, and an hour before for online events.</summary>
    public IReadOnlyList<int> ReminderOffsetsMinutes => _reminderOffsetsMinutes;

    public IReadOnlyList<EventQuestion> Questions => _questions;

    /// <summary>The built-in fields the sign-up form asks besides name and email (see <see cref="Domain.BuiltInFields"/>).</summary>
    public BuiltInFields BuiltInFields { get; private set; }

    /// <summary>Why an organiser should check this event (for example, times guessed from page text).</summary>
    public IReadOnlyList<string> ReviewNotes => _reviewNotes;

    /// <summary>
    /// Notes an organiser has not yet marked reviewed. Stored, not worked out from the notes, so the
    /// organiser's list can filter on it in SQL; only <see cref="ApplyDetails"/> and <see cref="MarkReviewed"/> set it.
    /// </summary>
    public bool NeedsReview { get; private set; }

    /// <summary>When an organiser last marked the notes reviewed; cleared when the notes change.</summary>
    public DateTime? ReviewedAtUtc { get; private set; }

    /// <summary>
    /// Lines of the description that the importer read into the schedule or location ("**When:** Tuesday
    /// 15 October 2024, 1:30 - 4:30pm."). They stay in the stored text, so importing the page again finds
    /// nothing changed, but are not shown (<see cref="ShownDescription"/>): the page states its time and
    /// place once, from the fields.
    /// </summary>
    public IReadOnlyList<string> LinesReadIntoFields => _linesReadIntoFields;

    /// <summary>
    /// When an organiser last changed the content here (<see cref="EditHere"/>), or null when it is as the
    /// importer last wrote it. An import leaves such an event alone unless told to replace the edits.
    /// </summary>
    public DateTime? EditedHereAtUtc { get; private set; }

    /// <summary>Stays the same for the life of the event so calendars update rather than duplicate it.</summary>
    public Guid CalendarUid { get; private set; }

    /// <summary>Goes up whenever the time, the place or a joining link people had changes, so calendar clients replace their copy.</summary>
    public int CalendarSequence { get; private set; }

    /// <summary>Why the organisers called it off, in their words: on the event page and in the notice to everyone registered.</summary>
    public string? CancellationReason { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    public static Event Create(string slug, EventDetails details, DateTime nowUtc)
    {
        var cleanSlug = slug?.Trim() ?? string.Empty;
        if (!Slugs.IsValid(cleanSlug))
        {
            throw new DomainException($"\"{slug}\" is not a valid slug: use lowercase letters, digits and single hyphens, at most {Slugs.MaxLength} characters.");
        }

        var created = new Event
        {
            Slug = cleanSlug,
            Status = EventStatus.Draft,
            CalendarUid = Guid.NewGuid(),
            CreatedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
            Schedule = details.Schedule,
            Location = details.Location,
        };
        created.ApplyDetails(details, nowUtc);
        return created;
    }

    /// <summary>Replaces the author's content; returns whether anything changed.</summary>
    public bool ApplyDetails(EventDetails details, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(details);

        // A NUL character means nothing in text and SQLite cuts a stored string at it: dropped, so nothing after it is lost.
        details = details with { Description = details.Description.Replace("\0", string.Empty, StringComparison.Ordinal), Excerpt = details.Excerpt.Replace("\0", string.Empty, StringComparison.Ordinal) };
        var title = RequireTitle(details.Title, MaxTitleLength);
        if (details.Description.Length > MaxDescriptionLength || details.Excerpt.Length > MaxDescriptionLength)
        {
            throw new DomainException($"The description must be at most {MaxDescriptionLength:N0} characters.");
        }

        if (details.Capacity is < 1 or > MaxCapacity)
        {
            throw new DomainException($"Capacity must be between 1 and {MaxCapacity:N0}, or empty for unlimited.");
        }

        if (details.WaitlistOfferHours is < 1 or > MaxWaitlistOfferHours)
        {
            throw new DomainException($"A place can be offered for between 1 and {MaxWaitlistOfferHours} hours.");
        }

        if (details.RegistrationOpensAtUtc is { } opens && details.RegistrationClosesAtUtc is { } closes && closes <= opens)
        {
            throw new DomainException("Registration must close after it opens.");
        }

        if (details.RegistrationClosesAtUtc > details.Schedule.EndsAtUtc)
        {
            throw new DomainException("Registration must close no later than the end of the event.");
        }

        if (details.ChangesCloseAtUtc > details.Schedule.EndsAtUtc)
        {
            throw new DomainException("Changes must close no later than the end of the event.");
        }

        if (details.RetainDays is < 0 or > MaxRetainDays)
        {
            throw new DomainException($"Personal data can be kept for between 0 and {MaxRetainDays:N0} days after the event.");
        }

        var joinUrl = OptionalUrl(details.OnlineJoinUrl, "The online joining link");
        var externalUrl = OptionalUrl(details.ExternalUrl, "The external link");
        var mapUrl = OptionalUrl(details.MapUrl, "The map link");
        var offsets = details.ReminderOffsetsMinutes.Distinct().OrderDescending().ToList();
        if (offsets.Any(o => o is <= 0 or > MaxReminderOffsetMinutes))
        {
            throw new DomainException("Reminders must be between one minute and 60 days before the event.");
        }

        CheckQuestions(details.Questions);
        if ((details.BuiltInFields & ~BuiltInFields.All) != 0)
        {
            throw new DomainException("The form has no such built-in field.");
        }

        var changed = Title != title
            || Excerpt != details.Excerpt
            || Description != details.Description
            || ImageUrl != Blank(details.ImageUrl)
            || !_topics.SequenceEqual(Clean(details.Topics))
            || !_projects.SequenceEqual(Clean(details.Projects))
            || Category != Blank(details.Category)
            || Featured != details.Featured
            || OnlineJoinUrl != joinUrl
            || MapUrl != mapUrl
            || Capacity != details.Capacity
            || WaitlistOfferHours != details.WaitlistOfferHours
            || RegistrationOpensAtUtc != details.RegistrationOpensAtUtc
            || RegistrationClosesAtUtc != details.RegistrationClosesAtUtc
            || RegistrationOpeningNote != Blank(details.RegistrationOpeningNote)
            || ChangesCloseAtUtc != details.ChangesCloseAtUtc
            || RetainDays != details.RetainDays
            || ExternalUrl != externalUrl
            || !_reminderOffsetsMinutes.SequenceEqual(offsets)
            || !_questions.SequenceEqual(details.Questions)
            || BuiltInFields != details.BuiltInFields
            || !_reviewNotes.SequenceEqual(details.ReviewNotes)
            || !_linesReadIntoFields.SequenceEqual(CleanLines(details.LinesReadIntoFields));

        Title = title;
        Excerpt = details.Excerpt;
        Description = details.Description;
        ImageUrl = Blank(details.ImageUrl);
        _topics = Clean(details.Topics);
        _projects = Clean(details.Projects);
        Category = Blank(details.Category);
        Featured = details.Featured;

        // A confirmed person's calendar entry carries the joining link, so a new link must replace it there too.
        if (OnlineJoinUrl is not null && OnlineJoinUrl != joinUrl)
        {
            CalendarSequence++;
        }

        OnlineJoinUrl = joinUrl;
        MapUrl = mapUrl;
        if (Capacity is { } before && (details.Capacity is null || details.Capacity > before))
        {
            RaisePlacesMayBeFree();
        }

        if (WaitlistOfferHours != details.WaitlistOfferHours)
        {
            RaisePlacesMayBeFree();
        }

        Capacity = details.Capacity;
        WaitlistOfferHours = details.WaitlistOfferHours;
        RegistrationOpensAtUtc = details.RegistrationOpensAtUtc;
        RegistrationClosesAtUtc = details.RegistrationClosesAtUtc;
        RegistrationOpeningNote = Blank(details.RegistrationOpeningNote);
        ChangesCloseAtUtc = details.ChangesCloseAtUtc;
        RetainDays = details.RetainDays;
        ExternalUrl = externalUrl;
        _reminderOffsetsMinutes = offsets;
        _questions = [.. details.Questions];
        BuiltInFields = details.BuiltInFields;
        _linesReadIntoFields = CleanLines(details.LinesReadIntoFields);
        if (!_reviewNotes.SequenceEqual(details.ReviewNotes))
        {
            // New notes (a re-import that reads the page differently) need a fresh look; the same notes
            // again stay as reviewed, so importing the same files twice changes nothing.
            _reviewNotes = [.. details.ReviewNotes];
            NeedsReview = _reviewNotes.Count > 0 && details.NotesNeedReview;
            ReviewedAtUtc = null;
        }

        changed |= Reschedule(details.Schedule);
        changed |= Relocate(details.Location);
        if (changed)
        {
            UpdatedAtUtc = nowUtc;
        }

        return changed;
    }

    /// <summary>An organiser's change in the app: <see cref="ApplyDetails"/>, remembered so an import does not undo it.</summary>
    public bool EditHere(EventDetails details, DateTime nowUtc)
    {
        var changed = ApplyDetails(details, nowUtc);
        if (changed)
        {
            EditedHereAtUtc = nowUtc;
        }

        return changed;
    }

    /// <summary>An event an organiser wrote here rather than imported: its content is theirs from the start.</summary>
    public static Event CreateHere(string slug, EventDetails details, DateTime nowUtc)
    {
        var created = Create(slug, details, nowUtc);
        created.EditedHereAtUtc = nowUtc;
        return created;
    }

    /// <summary>
    /// Applies an imported page over edits made here, as the organiser asked; the event is the page's again,
    /// so the next import of it updates as usual.
    /// </summary>
    public bool ReplaceEditsWith(EventDetails details, DateTime nowUtc)
    {
        var changed = ApplyDetails(details, nowUtc);
        EditedHereAtUtc = null;
        return changed;
    }

    /// <summary>Returns whether the time changed; a change moves the calendar sequence on.</summary>
    public bool Reschedule(EventSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule == Schedule)
        {
            return false;
        }

        CalendarSequence++;
        Schedule = schedule;

        // A start moved later can reopen promotion, which stops once an event has started.
        RaisePlacesMayBeFree();
        return true;
    }

    /// <summary>Returns whether the place changed; a change moves the calendar sequence on.</summary>
    public bool Relocate(EventLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location == Location)
        {
            return false;
        }

        CalendarSequence++;
        Location = location;
        return true;
    }

    public void AssignToSeries(Series? series)
    {
        Series = series;
        SeriesId = series?.Id;
    }

    public StatusChangeOutcome Publish()
    {
        var outcome = ChangeStatus(EventStatus.Published);
        if (outcome == StatusChangeOutcome.Changed)
        {
            // Places freed while it was a draft were not given out: nobody moves up on an unpublished event.
            RaisePlacesMayBeFree();
        }

        return outcome;
    }

    public StatusChangeOutcome Unpublish() => ChangeStatus(EventStatus.Draft);

    public StatusChangeOutcome Cancel(string? reason = null)
    {
        if (Status == EventStatus.Cancelled)
        {
            return StatusChangeOutcome.AlreadyInThatState;
        }

        var why = Blank(reason?.Replace("\0", string.Empty, StringComparison.Ordinal));
        if (why is { Length: > MaxCancellationReasonLength })
        {
            throw new DomainException($"Give the reason in at most {MaxCancellationReasonLength:N0} characters.");
        }

        CancellationReason = why;
        Status = EventStatus.Cancelled;
        CalendarSequence++;
        return StatusChangeOutcome.Changed;
    }

    /// <summary>
    /// An organiser has checked what the notes point at; the notes stay for the record. Given the
    /// <see cref="ReviewNotesStamp"/> of the notes they read, notes that have changed since (a new import)
    /// are not marked: nobody has read those.
    /// </summary>
    public ReviewOutcome MarkReviewed(DateTime nowUtc, string? notesRead = null)
    {
        if (_reviewNotes.Count == 0)
        {
            return ReviewOutcome.NothingToReview;
        }

        if (notesRead is not null && notesRead != ReviewNotesStamp(_reviewNotes))
        {
            return ReviewOutcome.NotesChanged;
        }

        if (!NeedsReview)
        {
            return ReviewOutcome.AlreadyReviewed;
        }

        NeedsReview = false;
        ReviewedAtUtc = nowUtc;
        return ReviewOutcome.Reviewed;
    }

    /// <summary>A short fingerprint of a set of review notes, for a page to say which notes its reader saw.</summary>
    public static string ReviewNotesStamp(IEnumerable<string> notes) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', notes))))[..16];

    public bool HasFinished(DateTime nowUtc) => Schedule.EndsAtUtc <= nowUtc;

    /// <summary>
    /// When this event's personal data goes, given the settings' days: everything <see cref="RetainDays"/>
    /// (or <paramref name="retainDays"/>) after the end, and sensitive answers <paramref name="retainSensitiveDays"/>
    /// after it, never later than the rest.
    /// </summary>
    public Retention RetentionFor(int retainDays, int retainSensitiveDays)
    {
        var days = DaysKept(retainDays);
        var end = Schedule.EndsAtUtc;
        return new Retention(end.AddDays(days), end.AddDays(Math.Min(days, retainSensitiveDays)), PersonalDataRemovedAtUtc, SensitiveDataRemovedAtUtc);
    }

    /// <summary>Days after the end this event keeps its registrations' personal data: its own, or <paramref name="setting"/>.</summary>
    public int DaysKept(int setting) => RetainDays ?? setting;

    /// <summary>
    /// Whether an answer stored under <paramref name="key"/> is special-category data kept only for
    /// <c>Privacy:RetainSensitiveDays</c>: access and dietary needs (health), and questions marked sensitive.
    /// </summary>
    public bool IsSensitive(string key) =>
        key is SignUpDetails.AccessNeedsKey or SignUpDetails.DietaryNeedsKey || _questions.Any(q => q.Sensitive && q.Key == key);

    /// <summary>The retention job removed the sensitive answers of every registration.</summary>
    public void MarkSensitiveDataRemoved(DateTime nowUtc) => SensitiveDataRemovedAtUtc ??= nowUtc;

    /// <summary>The retention job removed all personal data of every registration (the sensitive answers with it).</summary>
    public void MarkPersonalDataRemoved(DateTime nowUtc)
    {
        SensitiveDataRemovedAtUtc ??= nowUtc;
        PersonalDataRemovedAtUtc ??= nowUtc;
    }

    /// <summary>
    /// A registration's answers as the person gave them, each under its label in the form's order: the
    /// built-in access and dietary needs (when the form asks them, or the person answered before it stopped
    /// asking), then every question of the form. <c>Answer</c> is null for one left blank.
    /// </summary>
    public IEnumerable<(string Label, string? Answer)> AnswersOf(EventRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (BuiltInFields.HasFlag(BuiltInFields.AccessNeeds) || registration.Answers.ContainsKey(SignUpDetails.AccessNeedsKey))
        {
            yield return ("Access needs", registration.Answers.GetValueOrDefault(SignUpDetails.AccessNeedsKey));
        }

        if (BuiltInFields.HasFlag(BuiltInFields.DietaryNeeds) || registration.Answers.ContainsKey(SignUpDetails.DietaryNeedsKey))
        {
            yield return ("Dietary needs", registration.Answers.GetValueOrDefault(SignUpDetails.DietaryNeedsKey));
        }

        foreach (var question in _questions)
        {
            yield return (question.Label, registration.Answers.TryGetValue(question.Key, out var answer) ? question.Readable(answer) : null);
        }
    }

    /// <summary>
    /// The joining link as a person whose registration has <paramref name="status"/> may see it: only with a
    /// place at an online event that is still on, once the organisers have set it. Pages, calendar files and
    /// emails all ask here.
    /// </summary>
    public string? JoiningLinkFor(RegistrationStatus status) =>
        status == RegistrationStatus.Confirmed && Location.IsOnline && Status != EventStatus.Cancelled ? OnlineJoinUrl : null;

    /// <summary>Whether a place is free, given how many are held (confirmed, or offered and not yet claimed).</summary>
    public bool HasPlaceFor(int heldCount) => Capacity is not { } capacity || heldCount < capacity;

    /// <summary>Places left, or null when the event is unlimited.</summary>
    public int? PlacesLeft(int heldCount) => Capacity is { } capacity ? Math.Max(0, capacity - heldCount) : null;

    /// <summary>
    /// A newcomer gets a place only when one is free and nobody is waiting: nobody is confirmed while
    /// someone who signed up earlier waits.
    /// </summary>
    public bool TakesNewcomer(int heldCount, bool anyoneWaiting) => !anyoneWaiting && HasPlaceFor(heldCount);

    /// <summary>
    /// Signs someone up: a place when the event gives a newcomer one (<see cref="TakesNewcomer"/>), the
    /// waiting list when not, with the manage link for their first email. Raises <see cref="SignedUp"/>, so
    /// whoever follows the event's sign-ups hears of it in the same transaction.
    /// </summary>
    public (EventRegistration Registration, string ManageToken) Admit(SignUpDetails details, int heldCount, bool anyoneWaiting, DateTime nowUtc, string by)
    {
        var (registration, token) = EventRegistration.Create(Id, details, TakesNewcomer(heldCount, anyoneWaiting), nowUtc, by);
        Raise(new SignedUp(registration));
        return (registration, token);
    }

    /// <summary>People on the waiting list move up while the event is still ahead and not cancelled.</summary>
    public bool CanPromote(DateTime nowUtc) => Status == EventStatus.Published && Schedule.StartsAtUtc > nowUtc;

    /// <summary>
    /// Gives every free place to the first people waiting, in the order they signed up: confirmed at once,
    /// or offered until <see cref="OfferDeadline"/> when the event offers places. <paramref name="queue"/>
    /// is the waiting list in order (at least as many as there are free places). Returns who moved up.
    /// </summary>
    public IReadOnlyList<EventRegistration> FillPlaces(int heldCount, IEnumerable<EventRegistration> queue, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (!CanPromote(nowUtc))
        {
            return [];
        }

        var moved = new List<EventRegistration>();
        foreach (var registration in queue.Where(r => r.EventId == Id && r.Status == RegistrationStatus.Waitlisted))
        {
            if (!HasPlaceFor(heldCount + moved.Count))
            {
                break;
            }

            var outcome = WaitlistOfferHours is null
                ? registration.Promote(nowUtc, EventRegistration.ByWaitingList)
                : registration.Offer(nowUtc, OfferDeadline(nowUtc));
            if (outcome == PromoteOutcome.Promoted)
            {
                moved.Add(registration);
            }
        }

        return moved;
    }

    /// <summary>
    /// An organiser gives a place by hand: confirms a place held for someone on offer, or gives a free
    /// place to the first person waiting (also once the event has started, at the door). Never to someone
    /// while a person who signed up earlier waits.
    /// </summary>
    public GivePlaceOutcome GivePlace(EventRegistration registration, EventRegistration? firstWaiting, int heldCount, DateTime nowUtc, string by)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.Status == RegistrationStatus.Offered)
        {
            registration.Promote(nowUtc, by);
            return GivePlaceOutcome.Given;
        }

        if (registration.Status != RegistrationStatus.Waitlisted)
        {
            return GivePlaceOutcome.NotWaiting;
        }

        if (firstWaiting?.Id != registration.Id)
        {
            return GivePlaceOutcome.NotFirstInLine;
        }

        if (!HasPlaceFor(heldCount))
        {
            return GivePlaceOutcome.NoPlaceFree;
        }

        registration.Promote(nowUtc, by);
        return GivePlaceOutcome.Given;
    }

    /// <summary>An offer made now is held for <see cref="WaitlistOfferHours"/>, but never past the start.</summary>
    public DateTime OfferDeadline(DateTime nowUtc)
    {
        var held = nowUtc.AddHours(WaitlistOfferHours ?? 0);
        return held < Schedule.StartsAtUtc ? held : Schedule.StartsAtUtc;
    }

    /// <summary>
    /// What a new capacity would do, given the places held and the people waiting: places it would give
    /// to the waiting list now, and places held beyond it (nobody loses a place, so that many
    /// cancellations will free no place).
    /// </summary>
    public CapacityChange CapacityChangeTo(int? newCapacity, int heldCount, int waitingCount, DateTime nowUtc)
    {
        var free = newCapacity is { } capacity ? Math.Max(0, capacity - heldCount) : int.MaxValue;
        var over = newCapacity is { } limit ? Math.Max(0, heldCount - limit) : 0;
        return new CapacityChange(CanPromote(nowUtc) ? Math.Min(free, waitingCount) : 0, over);
    }

    /// <summary>
    /// The calendar SEQUENCE for one person's copy of this event. Each earlier registration of theirs
    /// (all cancelled, since one is active at a time) may have sent a cancellation at its own sequence plus
    /// one, so a later registration counts two above it: calendars ignore an update older than one they hold.
    /// </summary>
    public int CalendarSequenceFor(int earlierRegistrations, bool cancelledForThisPerson) =>
        CalendarSequence + (2 * earlierRegistrations) + (cancelledForThisPerson && Status != EventStatus.Cancelled ? 1 : 0);

    /// <summary>Attendees change or cancel their registration until the event is over or called off.</summary>
    public bool TakesChangesFromAttendees(DateTime nowUtc) => Status != EventStatus.Cancelled && !HasFinished(nowUtc);

    /// <summary>When attendees can no longer change their details: as set, or the start.</summary>
    public DateTime ChangesClose => ChangesCloseAtUtc ?? Schedule.StartsAtUtc;

    /// <summary>
    /// Attendees change their name, address, organisation and answers until <see cref="ChangesClose"/>, so
    /// the organisers' lists stop moving once they are being used; never on an event called off or over.
    /// </summary>
    public bool AcceptsDetailChanges(DateTime nowUtc) => TakesChangesFromAttendees(nowUtc) && nowUtc < ChangesClose;

    public RegistrationAvailability GetAvailability(DateTime nowUtc)
    {
        if (Status == EventStatus.Cancelled)
        {
            return RegistrationAvailability.Cancelled;
        }

        if (Status != EventStatus.Published)
        {
            return RegistrationAvailability.NotPublished;
        }

        if (HasFinished(nowUtc))
        {
            return RegistrationAvailability.Finished;
        }

        if (RegistrationOpeningNote is not null || nowUtc < RegistrationOpensAtUtc)
        {
            return RegistrationAvailability.NotOpenYet;
        }

        var closes = RegistrationClosesAtUtc ?? Schedule.StartsAtUtc;
        return nowUtc < closes ? RegistrationAvailability.Open : RegistrationAvailability.Closed;
    }

    /// <summary>The description as visitors read it: without the lines already shown as the event's time and place.</summary>
    public string ShownDescription() => WithoutLines(Description, _linesReadIntoFields);

    /// <summary>
    /// <paramref name="text"/> without the first line that, trimmed, is each of <paramref name="lines"/>,
    /// outside code blocks. A whole line or nothing: a sentence that merely contains the same words is the
    /// author's prose, and a copy shown as an example in code is the author's too.
    /// </summary>
    public static string WithoutLines(string text, IReadOnlyCollection<string> lines)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return text;
        }

        var hidden = new HashSet<string>(lines, StringComparer.Ordinal);
        var kept = new List<string>();
        var removed = false;
        foreach (var (line, inCode) in FencedCode.Lines(text))
        {
            var blank = line.Trim().Length == 0;
            if (!inCode && hidden.Remove(line.Trim()))
            {
                removed = true;
            }
            else if (!(removed && blank && kept.Count > 0 && kept[^1].Trim().Length == 0))
            {
                // A paragraph taken out leaves one blank line between its neighbours, as before it was there.
                kept.Add(line);
                removed &= blank;
            }
        }

        return string.Join('\n', kept).Trim();
    }

    internal static string RequireTitle(string? title, int maxLength)
    {
        var trimmed = title?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new DomainException("A title is required.");
        }

        if (trimmed.Length > maxLength)
        {
            throw new DomainException($"The title must be at most {maxLength} characters.");
        }

        // A title is one line shown in pages, emails, calendars and CSV files: a control character (NUL, a tab,
        // a line break) breaks some of them, and a direction override or isolate can make the text around the
        // title (a date, a price) read backwards. Refused rather than removed, so nobody's title changes unseen.
        var bad = trimmed.AsSpan().IndexOfAny(NotInTitles);
        if (bad >= 0)
        {
            throw new DomainException($"The title must not contain control characters or text direction overrides (U+{(int)trimmed[bad]:X4} at character {bad + 1}).");
        }

        return trimmed;
    }

    /// <summary>
    /// Each question's answers stay apart: no two share a key, none takes a key or label of the form's own
    /// fields, and no two share a label (the CSV names its columns by label).
    /// </summary>
    private static void CheckQuestions(IReadOnlyList<EventQuestion> questions)
    {
        var duplicateKey = questions.GroupBy(q => q.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicateKey is not null)
        {
            throw new DomainException($"Two questions share the key \"{duplicateKey.Key}\".");
        }

        var duplicateLabel = questions.GroupBy(q => q.Label, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicateLabel is not null)
        {
            throw new DomainException($"Two questions are both called \"{duplicateLabel.Key}\": give each its own label.");
        }

        if (questions.Select(q => q.ReservedProblem()).FirstOrDefault(p => p is not null) is { } reserved)
        {
            throw new DomainException(reserved);
        }
    }

    /// <summary>A new event has nobody waiting; only a saved one can have places to give out.</summary>
    private void RaisePlacesMayBeFree()
    {
        if (Id != 0)
        {
            Raise(new PlacesMayBeFree(Id));
        }
    }

    private StatusChangeOutcome ChangeStatus(EventStatus target)
    {
        if (Status == EventStatus.Cancelled)
        {
            return StatusChangeOutcome.NotAllowedWhenCancelled;
        }

        if (Status == target)
        {
            return StatusChangeOutcome.AlreadyInThatState;
        }

        Status = target;
        return StatusChangeOutcome.Changed;
    }

    private static string? OptionalUrl(string? url, string what)
    {
        var trimmed = Blank(url);
        if (trimmed is null)
        {
            return null;
        }

        if (trimmed.Length > MaxUrlLength)
        {
            throw new DomainException($"{what} must be at most {MaxUrlLength:N0} characters.");
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new DomainException($"{what} must be a web address starting with https://.");
        }

        return trimmed;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Clean(IEnumerable<string> values) =>
        values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static List<string> CleanLines(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>What a change of capacity does: places it gives to the waiting list now, and places held beyond it.</summary>
/// <summary>When an event's personal data is due to go (<see cref="Event.RetentionFor"/>), and when it went.</summary>
public sealed record Retention(DateTime PersonalDataDueAtUtc, DateTime SensitiveDataDueAtUtc, DateTime? PersonalDataRemovedAtUtc, DateTime? SensitiveDataRemovedAtUtc)
{
    public bool PersonalDataDue(DateTime nowUtc) => PersonalDataRemovedAtUtc is null && PersonalDataDueAtUtc <= nowUtc;

    public bool SensitiveDataDue(DateTime nowUtc) => SensitiveDataRemovedAtUtc is null && SensitiveDataDueAtUtc <= nowUtc;
}

public readonly record struct CapacityChange(int PlacesGiven, int HeldBeyondCapacity);

public enum ReviewOutcome
{
    Reviewed,
    AlreadyReviewed,
    NothingToReview,
    NotesChanged,
}

public enum GivePlaceOutcome
{
    Given,
    NotWaiting,

    /// <summary>Someone who signed up earlier is still waiting: places go in order.</summary>
    NotFirstInLine,
    NoPlaceFree,
}
