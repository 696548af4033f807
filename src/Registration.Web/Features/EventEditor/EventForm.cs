using System.Globalization;
using Registration.Web.Domain;
using Registration.Web.Features.Import;

namespace Registration.Web.Features.EventEditor;

/// <summary>
/// The editor's fields, in the event's own time zone as organisers think of it. Turned into
/// <see cref="EventDetails"/> for the event's rules to check; what the editor does not show (topics,
/// image, projects) is kept as it was.
/// </summary>
public sealed class EventForm
{
    public string? Title { get; set; }

    /// <summary>When the event last changed before this form was filled from it; a save checks it is still so.</summary>
    public DateTime? LoadedVersion { get; set; }

    /// <summary>
    /// Whether the event was a draft, published or cancelled when this form was filled from it. A status
    /// change does not count as an edit of the details, so a save checks this too: a form opened before
    /// another organiser cancelled the event must not give it a new time as if it were still on.
    /// </summary>
    public EventStatus? LoadedStatus { get; set; }

    public string? Slug { get; set; }

    public string? Description { get; set; }

    public string TimeZone { get; set; } = EventSchedule.DefaultTimeZoneId;

    public DateTime? Starts { get; set; }

    public DateTime? Ends { get; set; }

    public bool Online { get; set; }

    public string? Venue { get; set; }

    public string? OnlineJoinUrl { get; set; }

    /// <summary>Empty: the event page links an OpenStreetMap search for the venue.</summary>
    public string? MapUrl { get; set; }

    public int? Capacity { get; set; }

    /// <summary>When a place comes free: false gives it to the next person waiting at once; true offers it for <see cref="OfferHours"/>.</summary>
    public bool OfferPlaces { get; set; }

    public int? OfferHours { get; set; } = 24;

    public DateTime? RegistrationOpens { get; set; }

    public DateTime? RegistrationCloses { get; set; }

    /// <summary>Until when attendees may change their details, in the event's zone; empty: until the start.</summary>
    public DateTime? ChangesClose { get; set; }

    public string? Reminders { get; set; }

    /// <summary>Days after the end that attendees' personal data is kept; empty: the setting <c>Privacy:RetainDays</c>.</summary>
    public int? RetainDays { get; set; }

    /// <summary>What is wrong with <see cref="RetainDays"/> as typed, said beside the field before a save; null when it will do.</summary>
    public string? RetainDaysError => RetainDays is < 0 or > Event.MaxRetainDays
        ? $"Enter a number of days from 0 to {Event.MaxRetainDays:N0}, or leave it empty for the usual time."
        : null;

    /// <summary>The event's own questions, in the order the form asks them.</summary>
    public List<QuestionDraft> Questions { get; set; } = [];

    public bool AskOrganisation { get; set; } = true;

    public bool AskAccessNeeds { get; set; } = true;

    /// <summary>Off unless turned on, online or not: an organiser who serves food says so.</summary>
    public bool AskDietaryNeeds { get; set; }

    public static EventForm From(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var zone = ev.Schedule.TimeZone;
        return new EventForm
        {
            LoadedVersion = ev.UpdatedAtUtc,
            LoadedStatus = ev.Status,
            Title = ev.Title,
            Slug = ev.Slug,
            Description = ev.Description,
            TimeZone = ev.Schedule.TimeZoneId,
            Starts = ev.Schedule.LocalStart,
            Ends = ev.Schedule.LocalEnd,
            Online = ev.Location.IsOnline,
            Venue = ev.Location.Venue,
            OnlineJoinUrl = ev.OnlineJoinUrl,
            MapUrl = ev.MapUrl,
            Capacity = ev.Capacity,
            OfferPlaces = ev.WaitlistOfferHours is not null,
            OfferHours = ev.WaitlistOfferHours ?? 24,
            RegistrationOpens = ev.RegistrationOpensAtUtc is { } opens ? TimeZoneInfo.ConvertTimeFromUtc(opens, zone) : null,
            RegistrationCloses = ev.RegistrationClosesAtUtc is { } closes ? TimeZoneInfo.ConvertTimeFromUtc(closes, zone) : null,
            ChangesClose = ev.ChangesCloseAtUtc is { } changesClose ? TimeZoneInfo.ConvertTimeFromUtc(changesClose, zone) : null,
            Reminders = Domain.Reminders.Describe(ev.ReminderOffsetsMinutes),
            RetainDays = ev.RetainDays,
            Questions = ev.Questions.Select(QuestionDraft.From).ToList(),
            AskOrganisation = ev.BuiltInFields.HasFlag(BuiltInFields.Organisation),
            AskAccessNeeds = ev.BuiltInFields.HasFlag(BuiltInFields.AccessNeeds),
            AskDietaryNeeds = ev.BuiltInFields.HasFlag(BuiltInFields.DietaryNeeds),
        };
    }

    /// <summary>The details to save; throws <see cref="DomainException"/> with a message for the organiser.</summary>
    public EventDetails ToDetails(Event? existing)
    {
        if (Starts is not { } starts || Ends is not { } ends)
        {
            throw new DomainException("Enter when the event starts and ends.");
        }

        if (OfferPlaces && OfferHours is null)
        {
            throw new DomainException("Enter for how many hours a freed place is offered, or choose to give it to the next person at once.");
        }

        if (RetainDaysError is { } retainDaysError)
        {
            throw new DomainException(retainDaysError);
        }

        var zone = EventSchedule.FindTimeZone(TimeZone);
        DateTime? ToUtc(DateTime? local) => local is { } value ? EventSchedule.At(value, value, zone.Id).StartsAtUtc : null;
        var description = (Description ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return new EventDetails
        {
            Title = Title ?? string.Empty,
            Schedule = KeepsTimeToBeConfirmed(existing, starts, ends, zone) ? existing!.Schedule : EventSchedule.At(starts, ends, zone.Id),
            Location = Online ? EventLocation.Online : EventLocation.Parse(Venue),
            Description = description,
            // A page's own excerpt stays until the description it summarises is edited.
            Excerpt = existing is not null && description == existing.Description ? existing.Excerpt : EventPageReader.ReadExcerpt(description, existing?.LinesReadIntoFields ?? []),
            ImageUrl = existing?.ImageUrl,
            Topics = existing?.Topics ?? [],
            Projects = existing?.Projects ?? [],
            Category = existing?.Category,
            Featured = existing?.Featured ?? false,
            ExternalUrl = existing?.ExternalUrl,

            // Saving is not a review: the notes and whether they were marked reviewed stay as they were.
            ReviewNotes = existing?.ReviewNotes ?? [],
            OnlineJoinUrl = OnlineJoinUrl,
            MapUrl = MapUrl,
            Capacity = Capacity,
            WaitlistOfferHours = OfferPlaces ? OfferHours : null,
            RegistrationOpensAtUtc = ToUtc(RegistrationOpens),
            RegistrationClosesAtUtc = ToUtc(RegistrationCloses),
            ChangesCloseAtUtc = ToUtc(ChangesClose),
            RegistrationOpeningNote = RegistrationOpens is null ? existing?.RegistrationOpeningNote : null,
            ReminderOffsetsMinutes = (Reminders ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Domain.Reminders.ParseOffset).ToList(),
            RetainDays = RetainDays,
            Questions = ToQuestions(existing),
            BuiltInFields = (AskOrganisation ? BuiltInFields.Organisation : BuiltInFields.None)
                | (AskAccessNeeds ? BuiltInFields.AccessNeeds : BuiltInFields.None)
                | (AskDietaryNeeds ? BuiltInFields.DietaryNeeds : BuiltInFields.None),

            // The lines the importer read stay hidden while the organiser keeps them; an edited one shows.
            LinesReadIntoFields = existing?.LinesReadIntoFields ?? [],
        };
    }

    /// <summary>
    /// A time still to be confirmed shows in the form as the days' midnights; saved as shown, it stays to be
    /// confirmed rather than becoming a midnight start that would count as a new time (and a change notice).
    /// </summary>
    private static bool KeepsTimeToBeConfirmed(Event? existing, DateTime starts, DateTime ends, TimeZoneInfo zone) =>
        existing?.Schedule is { TimeToBeConfirmed: true } schedule && schedule.TimeZoneId == zone.Id && schedule.LocalStart == starts && schedule.LocalEnd == ends;

    /// <summary>
    /// Questions already saved keep their keys, whatever their labels say now; a new one gets a key from
    /// its label that no other question has, nor any the event had when this form was opened.
    /// </summary>
    private List<EventQuestion> ToQuestions(Event? existing)
    {
        var taken = new HashSet<string>(Questions.Select(q => q.Key).OfType<string>(), StringComparer.Ordinal);
        taken.UnionWith(existing?.Questions.Select(q => q.Key) ?? []);
        var questions = new List<EventQuestion>(Questions.Count);
        for (var i = 0; i < Questions.Count; i++)
        {
            var draft = Questions[i];
            if (string.IsNullOrWhiteSpace(draft.Label))
            {
                throw new DomainException($"Question {i + 1} needs a label.");
            }

            var key = draft.Key ?? EventQuestion.NewKey(draft.Label, taken);
            taken.Add(key);
            questions.Add(EventQuestion.Create(key, draft.Label, draft.Kind, draft.OptionLines, draft.Required, draft.Sensitive));
        }

        return questions;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Title} {Starts:s}");
}
