namespace Registration.Web.Domain;

/// <summary>
/// An event people register for. Its author's content comes in through <see cref="ApplyDetails"/>; its
/// life cycle through <see cref="Publish"/>, <see cref="Unpublish"/> and <see cref="Cancel"/>.
/// </summary>
public sealed class Event
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 200_000;
    public const int MaxUrlLength = 2_000;
    public const int MaxCapacity = 1_000_000;
    public const int MaxReminderOffsetMinutes = 60 * 24 * 60;

    private List<string> _topics = [];
    private List<string> _projects = [];
    private List<int> _reminderOffsetsMinutes = [];
    private List<EventQuestion> _questions = [];
    private List<string> _reviewNotes = [];

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

    /// <summary>Null means unlimited.</summary>
    public int? Capacity { get; private set; }

    public DateTime? RegistrationOpensAtUtc { get; private set; }

    public DateTime? RegistrationClosesAtUtc { get; private set; }

    public string? RegistrationOpeningNote { get; private set; }

    public string? ExternalUrl { get; private set; }

    public int? SeriesId { get; private set; }

    public Series? Series { get; private set; }

    /// <summary>Empty means the defaults: a day before, and an hour before for online events.</summary>
    public IReadOnlyList<int> ReminderOffsetsMinutes => _reminderOffsetsMinutes;

    public IReadOnlyList<EventQuestion> Questions => _questions;

    /// <summary>Why an organiser should check this event (for example, times guessed from page text).</summary>
    public IReadOnlyList<string> ReviewNotes => _reviewNotes;

    public bool NeedsReview => _reviewNotes.Count > 0;

    /// <summary>Stays the same for the life of the event so calendars update rather than duplicate it.</summary>
    public Guid CalendarUid { get; private set; }

    /// <summary>Goes up whenever time or place changes, so calendar clients replace their copy.</summary>
    public int CalendarSequence { get; private set; }

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
        var title = RequireTitle(details.Title, MaxTitleLength);
        if (details.Description.Length > MaxDescriptionLength || details.Excerpt.Length > MaxDescriptionLength)
        {
            throw new DomainException($"The description must be at most {MaxDescriptionLength:N0} characters.");
        }

        if (details.Capacity is < 1 or > MaxCapacity)
        {
            throw new DomainException($"Capacity must be between 1 and {MaxCapacity:N0}, or empty for unlimited.");
        }

        if (details.RegistrationOpensAtUtc is { } opens && details.RegistrationClosesAtUtc is { } closes && closes <= opens)
        {
            throw new DomainException("Registration must close after it opens.");
        }

        if (details.RegistrationClosesAtUtc > details.Schedule.EndsAtUtc)
        {
            throw new DomainException("Registration must close no later than the end of the event.");
        }

        var joinUrl = OptionalUrl(details.OnlineJoinUrl, "The online joining link");
        var externalUrl = OptionalUrl(details.ExternalUrl, "The external link");
        var offsets = details.ReminderOffsetsMinutes.Distinct().OrderDescending().ToList();
        if (offsets.Any(o => o is <= 0 or > MaxReminderOffsetMinutes))
        {
            throw new DomainException("Reminders must be between one minute and 60 days before the event.");
        }

        var duplicateQuestion = details.Questions.GroupBy(q => q.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicateQuestion is not null)
        {
            throw new DomainException($"Two questions share the key \"{duplicateQuestion.Key}\".");
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
            || Capacity != details.Capacity
            || RegistrationOpensAtUtc != details.RegistrationOpensAtUtc
            || RegistrationClosesAtUtc != details.RegistrationClosesAtUtc
            || RegistrationOpeningNote != Blank(details.RegistrationOpeningNote)
            || ExternalUrl != externalUrl
            || !_reminderOffsetsMinutes.SequenceEqual(offsets)
            || !_questions.SequenceEqual(details.Questions)
            || !_reviewNotes.SequenceEqual(details.ReviewNotes);

        Title = title;
        Excerpt = details.Excerpt;
        Description = details.Description;
        ImageUrl = Blank(details.ImageUrl);
        _topics = Clean(details.Topics);
        _projects = Clean(details.Projects);
        Category = Blank(details.Category);
        Featured = details.Featured;
        OnlineJoinUrl = joinUrl;
        Capacity = details.Capacity;
        RegistrationOpensAtUtc = details.RegistrationOpensAtUtc;
        RegistrationClosesAtUtc = details.RegistrationClosesAtUtc;
        RegistrationOpeningNote = Blank(details.RegistrationOpeningNote);
        ExternalUrl = externalUrl;
        _reminderOffsetsMinutes = offsets;
        _questions = [.. details.Questions];
        _reviewNotes = [.. details.ReviewNotes];

        changed |= Reschedule(details.Schedule);
        changed |= Relocate(details.Location);
        if (changed)
        {
            UpdatedAtUtc = nowUtc;
        }

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

    public StatusChangeOutcome Publish() => ChangeStatus(EventStatus.Published);

    public StatusChangeOutcome Unpublish() => ChangeStatus(EventStatus.Draft);

    public StatusChangeOutcome Cancel()
    {
        if (Status == EventStatus.Cancelled)
        {
            return StatusChangeOutcome.AlreadyInThatState;
        }

        Status = EventStatus.Cancelled;
        CalendarSequence++;
        return StatusChangeOutcome.Changed;
    }

    public bool HasFinished(DateTime nowUtc) => Schedule.EndsAtUtc <= nowUtc;

    /// <summary>Whether one more person can be confirmed, given how many already are.</summary>
    public bool HasPlaceFor(int confirmedCount) => Capacity is not { } capacity || confirmedCount < capacity;

    /// <summary>Places left, or null when the event is unlimited.</summary>
    public int? PlacesLeft(int confirmedCount) => Capacity is { } capacity ? Math.Max(0, capacity - confirmedCount) : null;

    /// <summary>People on the waiting list move up while the event is still ahead and not cancelled.</summary>
    public bool CanPromote(DateTime nowUtc) => Status == EventStatus.Published && Schedule.StartsAtUtc > nowUtc;

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

        return trimmed;
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

        if (trimmed.Length > MaxUrlLength
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new DomainException($"{what} must be a web address starting with https://.");
        }

        return trimmed;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Clean(IEnumerable<string> values) =>
        values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
