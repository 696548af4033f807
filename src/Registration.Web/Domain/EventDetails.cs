namespace Registration.Web.Domain;

/// <summary>
/// Everything about an event that its author writes (as opposed to its state): what the importer reads
/// from a page and, later, what the editor edits. Applied to an <see cref="Event"/> in one step so that its
/// rules are checked together.
/// </summary>
public sealed record EventDetails
{
    public required string Title { get; init; }

    public required EventSchedule Schedule { get; init; }

    public EventLocation Location { get; init; } = EventLocation.ToBeConfirmed;

    public string Excerpt { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public string? ImageUrl { get; init; }

    public IReadOnlyList<string> Topics { get; init; } = [];

    public IReadOnlyList<string> Projects { get; init; } = [];

    public string? Category { get; init; }

    public bool Featured { get; init; }

    public string? OnlineJoinUrl { get; init; }

    /// <summary>A map of the venue, overriding the OpenStreetMap search made from its text (front matter <c>map_url</c>).</summary>
    public string? MapUrl { get; init; }

    public int? Capacity { get; init; }

    /// <summary>Null: free places go to the next person waiting at once; otherwise offered for this many hours.</summary>
    public int? WaitlistOfferHours { get; init; }

    public DateTime? RegistrationOpensAtUtc { get; init; }

    public DateTime? RegistrationClosesAtUtc { get; init; }

    /// <summary>Set when registration will open at a time not yet fixed ("Early 2026"): no sign-ups until then.</summary>
    public string? RegistrationOpeningNote { get; init; }

    /// <summary>Until when attendees may change their details; null: until the start.</summary>
    public DateTime? ChangesCloseAtUtc { get; init; }

    public string? ExternalUrl { get; init; }

    /// <summary>Days after the end its registrations keep personal data; null: the setting <c>Privacy:RetainDays</c> (front matter <c>retain_days</c>).</summary>
    public int? RetainDays { get; init; }

    public IReadOnlyList<int> ReminderOffsetsMinutes { get; init; } = [];

    public IReadOnlyList<EventQuestion> Questions { get; init; } = [];

    /// <summary>Which of the form's optional built-in fields it asks; dietary needs only when turned on.</summary>
    public BuiltInFields BuiltInFields { get; init; } = BuiltInFields.Default;

    public IReadOnlyList<string> ReviewNotes { get; init; } = [];

    /// <summary>
    /// Whether new <see cref="ReviewNotes"/> ask an organiser to look. False when they only say what the page
    /// did not give for an event already over: there is nothing left to put right.
    /// </summary>
    public bool NotesNeedReview { get; init; } = true;

    /// <summary>Lines of <see cref="Description"/> whose facts became the schedule or location ("**When:** …"); see <see cref="Event.LinesReadIntoFields"/>.</summary>
    public IReadOnlyList<string> LinesReadIntoFields { get; init; } = [];
}
