using System.Globalization;
using System.Text.RegularExpressions;
using Registration.Web.Domain;
using Registration.Web.Features.Events;

namespace Registration.Web.Features.Import;

/// <summary>
/// One Jekyll event page, read into what the importer needs to create or update an event.
/// <paramref name="StatesQuestions"/> and <paramref name="StatesFormFields"/>: the page has a
/// <c>questions</c> or <c>form_fields</c> key; without one, an event keeps what an organiser chose in the editor.
/// </summary>
public sealed record EventPage(string Slug, EventDetails Details, string? SeriesName, bool StatesQuestions, bool StatesFormFields)
{
    /// <summary>
    /// The details as imported at <paramref name="nowUtc"/>: notes that only say the page gave no time or
    /// place ask nobody to act once the event is over, so an imported archive does not fill the review list.
    /// </summary>
    public EventDetails DetailsAt(DateTime nowUtc) =>
        Details.Schedule.EndsAtUtc <= nowUtc && Details.ReviewNotes.All(n => n is EventPageReader.NoTimeNote or EventPageReader.NoPlaceNote)
            ? Details with { NotesNeedReview = false }
            : Details;
}

/// <summary>
/// Turns a page's front matter and body into <see cref="EventDetails"/>. Jekyll's own keys are read
/// leniently, as the real pages write them; the extension keys for organisers (<c>starts</c>,
/// <c>capacity</c>, …) are read strictly, and a bad one skips the page with a message saying why.
/// </summary>
public static partial class EventPageReader
{
    public const string NoTimeNote = "No start time found: the date is shown alone, with \"time to be confirmed\" until the day.";
    public const string NoPlaceNote = "No location found: \"to be confirmed\" is shown until the day, then nothing.";
    private const string MoreMarker = "<!--more-->";
    private const string FormFieldsKey = "form_fields";
    private static readonly string[] LocalDateTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    public static EventPage Read(FrontMatter page, string fileName, string defaultTimeZoneId, JekyllSite? site = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var title = page.GetString("title") ?? throw new ImportException("no title in front matter");
        var slug = ReadSlug(page, fileName);
        var notes = new List<string>();
        var readLines = new List<string>();
        var body = JekyllText.Clean(page.Body.Trim('\n'), site ?? JekyllSite.None, notes);

        // The place decides the zone before any time is read: "Central Paris, 9.00am" is Paris time.
        var location = ReadLocation(page, fileName, body, notes, readLines);
        var givenZone = page.GetString("timezone");
        var placeZone = givenZone is null ? ZoneOfPlace(title, location, defaultTimeZoneId, notes) : EventSchedule.FindTimeZone(givenZone).Id;
        var schedule = ReadSchedule(page, fileName, body, placeZone, givenZone is not null, notes, readLines);
        var zoneId = schedule.TimeZoneId;
        var (opens, openingNote) = ReadRegistrationOpening(page, body, zoneId);

        var details = new EventDetails
        {
            Title = title,
            Schedule = schedule,
            Location = location,
            Excerpt = ReadExcerpt(body, readLines),
            Description = body.Replace(MoreMarker, string.Empty, StringComparison.Ordinal).Trim(),
            ImageUrl = JekyllText.CleanValue(page.GetString("image"), site ?? JekyllSite.None),
            Topics = page.GetList("topics"),
            Projects = [.. page.GetList("project"), .. page.GetList("projects")],
            Category = page.GetString("category"),
            Featured = ReadBool(page, "featured"),
            OnlineJoinUrl = page.GetString("online_url"),
            MapUrl = page.GetString("map_url"),
            Capacity = ReadCapacity(page),
            WaitlistOfferHours = ReadOfferHours(page),
            RetainDays = ReadRetainDays(page),
            RegistrationOpensAtUtc = opens,
            RegistrationClosesAtUtc = ReadInstant(page, "registration_closes", zoneId),
            ChangesCloseAtUtc = ReadInstant(page, "changes_close", zoneId),
            RegistrationOpeningNote = openingNote,
            ExternalUrl = ReadExternalLink(page, notes),
            ReminderOffsetsMinutes = ReadReminders(page),
            Questions = ReadQuestions(page),
            BuiltInFields = ReadFormFields(page),
            ReviewNotes = notes,
            LinesReadIntoFields = readLines,
        };
        return new EventPage(slug, details, page.GetString("series"), page.Has("questions"), page.Has(FormFieldsKey));
    }

    /// <summary>
    /// The text before <c>&lt;!--more--&gt;</c>, or else the first paragraph that is not a comment, of the
    /// body as shown: without <paramref name="hiddenLines"/>, so a card never opens with a "**When:**" line
    /// that the event's page does not show, but with the next paragraph.
    /// </summary>
    internal static string ReadExcerpt(string body, IReadOnlyCollection<string> hiddenLines)
    {
        var shown = Event.WithoutLines(body, hiddenLines);
        var marker = shown.IndexOf(MoreMarker, StringComparison.Ordinal);
        if (marker >= 0 && shown[..marker].Trim() is { Length: > 0 } beforeMarker)
        {
            return beforeMarker;
        }

        var withoutComments = MarkdownRenderer.WithoutComments(shown);
        return withoutComments.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(p => !p.StartsWith('#') && !p.StartsWith('<')) ?? string.Empty;
    }

    internal static string ReadSlug(FrontMatter page, string fileName)
    {
        var explicitSlug = page.GetString("slug");
        if (explicitSlug is not null)
        {
            return Slugs.IsValid(explicitSlug)
                ? explicitSlug
                : throw new ImportException($"slug \"{explicitSlug}\" is not valid: use lowercase letters, digits and single hyphens");
        }

        var fromName = Slugs.From(Path.GetFileNameWithoutExtension(fileName));
        return fromName.Length > 0 ? fromName : throw new ImportException("no slug: the file name has no letters or digits");
    }

    /// <summary>
    /// The zone of the place the venue or else the title names ("Central Paris", "(Nairobi, Kenya)"), or the
    /// default zone. Either way the guess is noted for review, as is a name that spans several zones.
    /// </summary>
    private static string ZoneOfPlace(string title, EventLocation location, string defaultZoneId, List<string> notes)
    {
        var place = (location.Venue is { } venue ? Places.In(venue) : null) ?? Places.In(title);
        if (place is null)
        {
            return EventSchedule.FindTimeZone(defaultZoneId).Id;
        }

        if (place.ZoneId is null)
        {
            notes.Add($"The page names {place.Name}, which could be in more than one time zone: times are taken as {defaultZoneId}; give timezone: in the front matter if that is wrong.");
            return EventSchedule.FindTimeZone(defaultZoneId).Id;
        }

        notes.Add($"Time zone {place.ZoneId} taken from \"{place.Name}\" on the page.");
        return place.ZoneId;
    }

    /// <summary>
    /// The schedule in <paramref name="zoneId"/>, unless the page writes its time with a zone ("4 PM ET") and
    /// the front matter gives none: then the time is read in the zone written with it.
    /// </summary>
    private static EventSchedule ReadSchedule(FrontMatter page, string fileName, string body, string zoneId, bool zoneGiven, List<string> notes, List<string> readLines)
    {
        var starts = ReadLocalDateTime(page, "starts");
        var ends = ReadLocalDateTime(page, "ends");
        if (starts is not null)
        {
            if (ends is null)
            {
                notes.Add("No end time given: assumed one hour.");
            }

            return EventSchedule.At(starts.Value, ends ?? starts.Value.AddHours(1), zoneId);
        }

        var (firstDay, lastDay) = ReadDays(page, fileName);
        if (firstDay == lastDay && BodyInference.FindTimes(body, firstDay) is { } times)
        {
            if (!zoneGiven && times.Zone?.ZoneId is { } written && written != zoneId)
            {
                notes.Add($"Time zone {written} taken from \"{times.Zone.Name}\" written with the time.");
                zoneId = written;
            }

            if (times.Line is { } line)
            {
                readLines.Add(line);
            }

            var end = times.End ?? times.Start.AddHours(1);
            notes.Add(times.End is null
                ? $"Start time {times.Start:HH:mm} read from the page text; no end time given, so one hour assumed."
                : $"Times {times.Start:HH:mm}–{end:HH:mm} read from the page text.");
            return EventSchedule.At(firstDay.ToDateTime(times.Start), firstDay.ToDateTime(end), zoneId);
        }

        notes.Add(NoTimeNote);
        return EventSchedule.OnDays(firstDay, lastDay, zoneId);
    }

    private static (DateOnly First, DateOnly Last) ReadDays(FrontMatter page, string fileName)
    {
        var dates = page.GetList("dates", splitCommas: true).Select(d => ParseDate(d, "dates")).ToList();
        if (dates.Count > 0)
        {
            return (dates.Min(), dates.Max());
        }

        if (page.GetString("date") is { } date)
        {
            var day = ParseDate(date, "date");
            return (day, day);
        }

        if (ReadLocalDateTime(page, "starts") is { } starts)
        {
            var day = DateOnly.FromDateTime(starts);
            return (day, day);
        }

        var prefix = FileDate().Match(Path.GetFileName(fileName));
        if (prefix.Success && DateOnly.TryParseExact(prefix.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var fromName))
        {
            fromName = InRange(fromName, "file name", prefix.Value);
            return (fromName, fromName);
        }

        throw new ImportException("no date: give date:, dates: or starts: in front matter");
    }

    /// <summary>Jekyll dates may carry a time and offset after the day ("2025-07-09 14:00:00 +0100"): the day is what counts.</summary>
    private static DateOnly ParseDate(string text, string key)
    {
        var trimmed = text.Trim();
        var day = trimmed.Length >= 10 ? trimmed[..10] : trimmed;
        return DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? InRange(date, key, trimmed)
            : throw new ImportException($"{key}: \"{trimmed}\" is not a date like 2026-03-06");
    }

    /// <summary>
    /// Events happen within these years; a date far outside them is a typing slip, and one near the ends of
    /// the calendar would overflow when the day is turned into times in a zone.
    /// </summary>
    private static DateOnly InRange(DateOnly date, string key, string text) =>
        date.Year is >= 1900 and <= 2199 ? date : throw new ImportException($"{key}: \"{text}\" is outside the years 1900 to 2199");

    private static DateTime? ReadLocalDateTime(FrontMatter page, string key)
    {
        var text = page.GetString(key);
        if (text is null)
        {
            return null;
        }

        return DateTime.TryParseExact(text, LocalDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? InRange(DateOnly.FromDateTime(value), key, text).ToDateTime(TimeOnly.FromDateTime(value))
            : throw new ImportException($"{key}: \"{text}\" is not a local date and time like 2031-01-20T14:00");
    }

    /// <summary>A local date and time, or a date (taken as the start of that day), in the event's zone.</summary>
    private static DateTime? ReadInstant(FrontMatter page, string key, string zoneId)
    {
        var text = page.GetString(key);
        if (text is null)
        {
            return null;
        }

        DateTime local;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            local = day.ToDateTime(TimeOnly.MinValue);
        }
        else if (!DateTime.TryParseExact(text, LocalDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
        {
            throw new ImportException($"{key}: \"{text}\" is not a date like 2031-01-06 or a date and time like 2031-01-06T09:00");
        }

        _ = InRange(DateOnly.FromDateTime(local), key, text);

        return EventSchedule.At(local, local, zoneId).StartsAtUtc;
    }

    private static EventLocation ReadLocation(FrontMatter page, string fileName, string body, List<string> notes, List<string> readLines)
    {
        if (page.GetString("location") is { } given)
        {
            return EventLocation.Parse(given);
        }

        var inferred = BodyInference.FindLocation(body, ReadDays(page, fileName).First);
        if (inferred is null)
        {
            notes.Add(NoPlaceNote);
            return EventLocation.ToBeConfirmed;
        }

        var venue = Truncate(inferred.Venue, EventLocation.MaxVenueLength);

        // A venue cut short does not say all its line did, so the line stays in view.
        if (inferred.Line is { } line && venue == inferred.Venue)
        {
            readLines.Add(line);
        }

        notes.Add($"Location \"{venue}\" read from the page text.");
        return EventLocation.Parse(venue);
    }

    private static (DateTime? Opens, string? Note) ReadRegistrationOpening(FrontMatter page, string body, string zoneId)
    {
        if (ReadInstant(page, "registration_opens", zoneId) is { } opens)
        {
            return (opens, null);
        }

        var stated = BodyInference.FindRegistrationOpening(body);
        if (stated is null)
        {
            return (null, null);
        }

        return BodyInference.ParseLooseDate(stated) is { } day
            ? (EventSchedule.At(day.ToDateTime(TimeOnly.MinValue), day.ToDateTime(TimeOnly.MinValue), zoneId).StartsAtUtc, null)
            : (null, stated);
    }

    private static int? ReadCapacity(FrontMatter page)
    {
        var text = page.GetString("capacity");
        if (text is null || text.Equals("unlimited", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var capacity) && capacity is >= 1 and <= Event.MaxCapacity
            ? capacity
            : throw new ImportException($"capacity: \"{text}\" must be a whole number from 1 to {Event.MaxCapacity:N0}, or unlimited");
    }

    /// <summary><c>waitlist_offer_hours: 24</c>: a place that comes free is offered to the next person waiting for that long.</summary>
    private static int? ReadOfferHours(FrontMatter page)
    {
        var text = page.GetString("waitlist_offer_hours");
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours is >= 1 and <= Event.MaxWaitlistOfferHours
            ? hours
            : throw new ImportException($"waitlist_offer_hours: \"{text}\" must be a whole number of hours from 1 to {Event.MaxWaitlistOfferHours}");
    }

    /// <summary><c>retain_days: 30</c>: days after the end that the event's registrations keep personal data, instead of the setting.</summary>
    private static int? ReadRetainDays(FrontMatter page)
    {
        var text = page.GetString("retain_days");
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 0 and <= Event.MaxRetainDays
            ? days
            : throw new ImportException($"retain_days: \"{text}\" must be a whole number of days from 0 to {Event.MaxRetainDays:N0}");
    }

    private static string? ReadExternalLink(FrontMatter page, List<string> notes)
    {
        var link = page.GetString("link");
        if (link is null)
        {
            return null;
        }

        if (Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && link.Length <= Event.MaxUrlLength)
        {
            return link;
        }

        notes.Add($"The link \"{Truncate(link, 200)}\" is not a web address and was left out.");
        return null;
    }

    private static bool ReadBool(FrontMatter page, string key) =>
        page.GetString(key)?.ToLowerInvariant() is "true" or "yes" or "on" or "1";

    private static List<int> ReadReminders(FrontMatter page)
    {
        try
        {
            return page.GetList("reminders", splitCommas: true).Select(Reminders.ParseOffset).ToList();
        }
        catch (DomainException ex)
        {
            throw new ImportException($"reminders: {ex.Message}");
        }
    }

    private static List<EventQuestion> ReadQuestions(FrontMatter page)
    {
        var questions = new List<EventQuestion>();
        foreach (var map in page.GetMaps("questions"))
        {
            var label = map.TryGetValue("label", out var l) && l is string ls ? ls : map.TryGetValue("text", out var t) && t is string ts ? ts : null;
            if (string.IsNullOrWhiteSpace(label))
            {
                throw new ImportException("questions: every question needs a label");
            }

            var type = map.TryGetValue("type", out var ty) && ty is string tys ? tys.Trim().ToLowerInvariant().Replace('-', '_') : "text";
            var kind = type switch
            {
                "text" => QuestionKind.Text,
                "long_text" => QuestionKind.LongText,
                "choice" or "single_choice" => QuestionKind.SingleChoice,
                "multiple_choice" => QuestionKind.MultipleChoice,
                "yes_no" => QuestionKind.YesNo,
                _ => throw new ImportException($"questions: type \"{type}\" is not one of text, long_text, choice, multiple_choice or yes_no"),
            };
            var options = map.TryGetValue("options", out var o) && o is List<object?> list ? list.OfType<string>() : [];
            var required = map.TryGetValue("required", out var r) && r is string rs && rs.Trim().ToLowerInvariant() is "true" or "yes";
            var key = map.TryGetValue("key", out var k) && k is string ks ? ks : string.Empty;
            var sensitive = ReadQuestionFlag(map, "sensitive");
            try
            {
                questions.Add(EventQuestion.Create(key, label, kind, options, required, sensitive));
            }
            catch (DomainException ex)
            {
                throw new ImportException($"questions: {ex.Message}");
            }
        }

        return questions;
    }

    /// <summary>
    /// <c>sensitive: true</c> marks answers about health, beliefs and the like, kept for a shorter time; a value
    /// that is neither yes nor no skips the page rather than keep such answers longer than the organiser meant.
    /// </summary>
    private static bool ReadQuestionFlag(IReadOnlyDictionary<string, object?> map, string key)
    {
        if (!map.TryGetValue(key, out var value) || value is null || (value is string blank && string.IsNullOrWhiteSpace(blank)))
        {
            return false;
        }

        return (value as string)?.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => throw new ImportException($"questions: {key}: \"{value as string ?? "a list or map"}\" must be true or false"),
        };
    }

    /// <summary>The built-in fields a page asks for, as <c>form_fields: [organisation, access_needs, dietary_needs]</c>; without the key, the default.</summary>
    private static BuiltInFields ReadFormFields(FrontMatter page)
    {
        if (!page.Has(FormFieldsKey))
        {
            return BuiltInFields.Default;
        }

        var fields = BuiltInFields.None;
        foreach (var name in page.GetList(FormFieldsKey, splitCommas: true))
        {
            fields |= name.ToLowerInvariant().Replace('-', '_') switch
            {
                "organisation" or "organization" => BuiltInFields.Organisation,
                "access_needs" => BuiltInFields.AccessNeeds,
                "dietary_needs" => BuiltInFields.DietaryNeeds,
                _ => throw new ImportException($"{FormFieldsKey}: \"{name}\" is not one of organisation, access_needs or dietary_needs"),
            };
        }

        return fields;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex FileDate();

    [GeneratedRegex(@"^(?<n>\d{1,5})\s*(?<unit>m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)$", RegexOptions.IgnoreCase)]
    private static partial Regex ReminderOffset();
}

/// <summary>A page that cannot be imported; the message says why, for the organiser to fix it.</summary>
public sealed class ImportException : Exception
{
    public ImportException(string message)
        : base(message)
    {
    }

    public ImportException()
    {
    }

    public ImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
