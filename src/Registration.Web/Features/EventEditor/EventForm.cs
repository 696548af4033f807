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

    public string? Slug { get; set; }

    public string? Description { get; set; }

    public string TimeZone { get; set; } = EventSchedule.DefaultTimeZoneId;

    public DateTime? Starts { get; set; }

    public DateTime? Ends { get; set; }

    public bool Online { get; set; }

    public string? Venue { get; set; }

    public string? OnlineJoinUrl { get; set; }

    public int? Capacity { get; set; }

    /// <summary>When a place comes free: false gives it to the next person waiting at once; true offers it for <see cref="OfferHours"/>.</summary>
    public bool OfferPlaces { get; set; }

    public int? OfferHours { get; set; } = 24;

    public DateTime? RegistrationOpens { get; set; }

    public DateTime? RegistrationCloses { get; set; }

    public string? Reminders { get; set; }

    /// <summary>One question a line: "Label", or "Label | option; option", with "| required" at the end when it must be answered.</summary>
    public string? Questions { get; set; }

    public static EventForm From(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var zone = ev.Schedule.TimeZone;
        return new EventForm
        {
            Title = ev.Title,
            Slug = ev.Slug,
            Description = ev.Description,
            TimeZone = ev.Schedule.TimeZoneId,
            Starts = ev.Schedule.LocalStart,
            Ends = ev.Schedule.LocalEnd,
            Online = ev.Location.IsOnline,
            Venue = ev.Location.Venue,
            OnlineJoinUrl = ev.OnlineJoinUrl,
            Capacity = ev.Capacity,
            OfferPlaces = ev.WaitlistOfferHours is not null,
            OfferHours = ev.WaitlistOfferHours ?? 24,
            RegistrationOpens = ev.RegistrationOpensAtUtc is { } opens ? TimeZoneInfo.ConvertTimeFromUtc(opens, zone) : null,
            RegistrationCloses = ev.RegistrationClosesAtUtc is { } closes ? TimeZoneInfo.ConvertTimeFromUtc(closes, zone) : null,
            Reminders = Domain.Reminders.Describe(ev.ReminderOffsetsMinutes),
            Questions = string.Join('\n', ev.Questions.Select(q => q.Kind == QuestionKind.Choice
                ? $"{q.Label} | {string.Join("; ", q.Options)}{(q.Required ? " | required" : string.Empty)}"
                : $"{q.Label}{(q.Required ? " | required" : string.Empty)}")),
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

        var zone = EventSchedule.FindTimeZone(TimeZone);
        DateTime? ToUtc(DateTime? local) => local is { } value ? EventSchedule.At(value, value, zone.Id).StartsAtUtc : null;
        var description = (Description ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return new EventDetails
        {
            Title = Title ?? string.Empty,
            Schedule = EventSchedule.At(starts, ends, zone.Id),
            Location = Online ? EventLocation.Online : EventLocation.Parse(Venue),
            Description = description,
            Excerpt = EventPageReader.ReadExcerpt(description, existing?.LinesReadIntoFields ?? []),
            ImageUrl = existing?.ImageUrl,
            Topics = existing?.Topics ?? [],
            Projects = existing?.Projects ?? [],
            Category = existing?.Category,
            Featured = existing?.Featured ?? false,
            ExternalUrl = existing?.ExternalUrl,

            // Saving is not a review: the notes and whether they were marked reviewed stay as they were.
            ReviewNotes = existing?.ReviewNotes ?? [],
            OnlineJoinUrl = OnlineJoinUrl,
            Capacity = Capacity,
            WaitlistOfferHours = OfferPlaces ? OfferHours : null,
            RegistrationOpensAtUtc = ToUtc(RegistrationOpens),
            RegistrationClosesAtUtc = ToUtc(RegistrationCloses),
            RegistrationOpeningNote = RegistrationOpens is null ? existing?.RegistrationOpeningNote : null,
            ReminderOffsetsMinutes = (Reminders ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Domain.Reminders.ParseOffset).ToList(),
            Questions = ParseQuestions(Questions),

            // The lines the importer read stay hidden while the organiser keeps them; an edited one shows.
            LinesReadIntoFields = existing?.LinesReadIntoFields ?? [],
        };
    }

    private static List<EventQuestion> ParseQuestions(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var parts = line.Split('|', StringSplitOptions.TrimEntries).ToList();
            var required = parts.Count > 1 && parts[^1].Equals("required", StringComparison.OrdinalIgnoreCase);
            if (required)
            {
                parts.RemoveAt(parts.Count - 1);
            }

            var options = parts.Count > 1 ? parts[1].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
            return EventQuestion.Create(string.Empty, parts[0], options is null ? QuestionKind.Text : QuestionKind.Choice, options, required);
        }).ToList();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Title} {Starts:s}");
}
