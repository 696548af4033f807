using System.Globalization;
using System.Text.RegularExpressions;
using Registration.Web.Domain;

namespace Registration.Web.Features.Import;

/// <summary>
/// Reads the facts that older pages state only in prose: "**When:** Friday 6 March 2026, 10:00-17:00",
/// "on Wednesday 9 July 2025 at 2pm", "**Where:** Manchester (venue TBC).", Zoom links. Anything found
/// here is a guess, and the importer marks the event for review. Fenced code is an example, never read.
/// </summary>
internal static partial class BodyInference
{
    private static readonly string[] OnlineHosts = ["zoom.us", "teams.microsoft.com", "teams.live.com", "meet.google.com", "meet.jit.si", "whereby.com", "crowdcast.io"];

    /// <summary>
    /// The first time stated for <paramref name="day"/>, with the zone written after it ("4 PM ET"), if any.
    /// A time in a zone the importer does not know is passed over: rather no time than a wrong one.
    /// </summary>
    public static StatedTimes? FindTimes(string body, DateOnly day)
    {
        body = FencedCode.Blanked(body);
        var when = FindLabelledLine(body, "When") ?? FindLabelledLine(body, "Time");
        if (when is not null && ReadLabelledTimes(when.Value) is { } fromWhen)
        {
            // With a start alone the end shown is a guess, and with an aside ("10:30 (for start at 11:00) -
            // 16:30") the line says more than the fields: only a line that gave the whole time plainly goes unshown.
            return fromWhen.End is null || TimedAside().IsMatch(when.Value) ? fromWhen : fromWhen with { Line = when.Line };
        }

        var text = Flatten(body);
        foreach (Match mention in DateMention(day).Matches(text))
        {
            var rest = text[(mention.Index + mention.Length)..];
            if (ReadTimes(rest[..Math.Min(80, rest.Length)]) is { } times)
            {
                return times;
            }

            // "14:30 - 15:30 on 11th Feb", "from 17:15-18:30 on Saturday 7 October 2023": the times come first.
            var before = text[Math.Max(0, mention.Index - 40)..mention.Index];
            if (OnBeforeDate().IsMatch(before) && ReadTimes(before) is { } earlier)
            {
                return earlier;
            }
        }

        return null;
    }

    /// <summary>
    /// The times on a "When:" line, read with asides that hold a time set apart: "10:30 (for start at 11:00)
    /// - 16:30" is 10:30 to 16:30, and the aside then moves the start to 11:00 when it says the event starts
    /// then, before the end.
    /// </summary>
    private static StatedTimes? ReadLabelledTimes(string value)
    {
        var times = ReadTimes(TimedAside().Replace(value, " ")) ?? ReadTimes(value);
        if (times?.End is not { } end)
        {
            return times;
        }

        foreach (Match aside in TimedAside().Matches(value))
        {
            var cue = StartCue().Match(aside.Value);
            if (cue.Success && ParseTime(cue.Groups["t"].Value) is { Explicit: true } stated && stated.ToTime() is { } start && start < end)
            {
                return times with { Start = start };
            }
        }

        return times;
    }

    /// <summary>
    /// The venue from a "Where:", "Location:" or "Venue:" line, or from the sentence that gives the event's
    /// day ("On Monday 9 October 2023, from 17:30 at The Tate Liverpool"), or "Online" when the page points
    /// at an online meeting.
    /// </summary>
    public static StatedPlace? FindLocation(string body, DateOnly day)
    {
        body = FencedCode.Blanked(body);
        var where = FindLabelledLine(body, "Where") ?? FindLabelledLine(body, "Location") ?? FindLabelledLine(body, "Venue");
        if (where is not null)
        {
            var text = CleanInline(where.Value);
            if (text.StartsWith("online", StringComparison.OrdinalIgnoreCase))
            {
                return new StatedPlace("Online", where.Line);
            }

            if (text.Length > 0)
            {
                return new StatedPlace(text, where.Line);
            }
        }

        // A "When:" line that says "online" gave a place but also a time, which decides whether it is shown.
        var when = FindLabelledLine(body, "When");
        if (when is not null && when.Value.Contains("online", StringComparison.OrdinalIgnoreCase))
        {
            return new StatedPlace("Online", null);
        }

        if (FindVenueInProse(body, day) is { } venue)
        {
            return new StatedPlace(venue, null);
        }

        var lower = body.ToLowerInvariant();
        return OnlineHosts.Any(host => lower.Contains(host, StringComparison.Ordinal)) || OnlineWords().IsMatch(body) ? new StatedPlace("Online", null) : null;
    }

    /// <summary>The "Registration opens:" line's first sentence, such as "Early 2026".</summary>
    public static string? FindRegistrationOpening(string body)
    {
        body = FencedCode.Blanked(body);
        var line = FindLabelledLine(body, "Registration opens");
        if (line is null)
        {
            return null;
        }

        var text = CleanInline(line.Value);
        var end = FirstSentenceEnd().Match(text);
        text = (end.Success ? text[..end.Index] : text).Trim().TrimEnd('.');
        return text.Length is > 0 and <= 200 ? text : null;
    }

    public static DateOnly? ParseLooseDate(string text)
    {
        var cleaned = Ordinals().Replace(CleanInline(text), "$1");
        string[] formats = ["d MMMM yyyy", "dddd d MMMM yyyy", "MMMM d yyyy", "MMMM d, yyyy", "yyyy-MM-dd", "d MMM yyyy"];
        return DateOnly.TryParseExact(cleaned.Replace(",", string.Empty, StringComparison.Ordinal), formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date)
            || DateOnly.TryParseExact(cleaned, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out date)
            ? date
            : null;
    }

    internal static StatedTimes? ReadTimes(string text)
    {
        foreach (Match range in TimeRange().Matches(text))
        {
            if (!TryReadZone(text, range, out var zone))
            {
                continue;
            }

            var first = ParseTime(range.Groups["a"].Value);
            var second = ParseTime(range.Groups["b"].Value);
            if (first is null || second is null || (!first.Value.Explicit && !second.Value.Explicit))
            {
                continue;
            }

            var start = first.Value;
            var end = second.Value;
            if (start.Meridiem is null && end.Meridiem == "pm" && start.Hour < 12 && start.Hour + 12 <= end.Hour24)
            {
                start = start with { Meridiem = "pm" };
            }

            var startTime = start.ToTime();
            var endTime = end.ToTime();
            if (startTime is not null && endTime is not null && endTime > startTime)
            {
                return new StatedTimes(startTime.Value, endTime, zone);
            }
        }

        foreach (Match single in SingleTime().Matches(text))
        {
            var time = ParseTime(single.Groups["t"].Value);

            // The start of a range passed over above ("10:00-12:00 JST") is not a time on its own.
            if (RangeContinues().IsMatch(text, single.Index + single.Length) || !TryReadZone(text, single, out var zone))
            {
                continue;
            }

            if (time is { Explicit: true } && time.Value.ToTime() is { } at)
            {
                return new StatedTimes(at, null, zone);
            }
        }

        return null;
    }

    /// <summary>
    /// The zone written after a time ("4 PM ET", "13:00–14:00 CEST"): false for one the importer does not
    /// know, true with null when none is written. Capitals that are not zones ("10:00 AGM") are not read.
    /// </summary>
    private static bool TryReadZone(string text, Match time, out PlaceZone? zone)
    {
        zone = null;
        var written = ZoneAfterTime().Match(text, time.Index + time.Length);
        if (!written.Success)
        {
            return true;
        }

        var name = written.Groups["zone"].Value;
        zone = Places.ForAbbreviation(name);
        return zone is not null;
    }

    /// <summary>
    /// "at The Tate Liverpool", "in Committee Room 9 of the House of Commons": a named building or room, in
    /// a sentence that names the event's day. Other capitalised phrases after "in" are too often topics
    /// ("in Public Tech") to be taken for places.
    /// </summary>
    private static string? FindVenueInProse(string body, DateOnly day)
    {
        // Line by line: a list of speakers' affiliations is not one sentence with the date above it.
        foreach (var text in body.Split('\n').Select(Flatten))
        {
            foreach (Match mention in DateMention(day).Matches(text))
            {
                var start = text.LastIndexOfAny(['.', '!', '?'], Math.Max(0, mention.Index - 1)) + 1;
                var end = SentenceEnd().Match(text, mention.Index + mention.Length);
                var sentence = text[start..(end.Success ? end.Index : text.Length)];
                foreach (Match place in PlaceAfterPreposition().Matches(sentence))
                {
                    var name = place.Groups["place"].Value.Trim().TrimEnd(',', ';', ':');
                    name = name.StartsWith("the ", StringComparison.Ordinal) ? name[4..] : name;
                    if (VenueWord().IsMatch(name))
                    {
                        return name;
                    }
                }
            }
        }

        return null;
    }

    private static Labelled? FindLabelledLine(string body, string label)
    {
        foreach (var line in body.Split('\n'))
        {
            var match = LabelledLine().Match(line);
            if (match.Success && match.Groups["label"].Value.Trim().Equals(label, StringComparison.OrdinalIgnoreCase))
            {
                return new Labelled(line.Trim(), match.Groups["value"].Value.Trim());
            }
        }

        return null;
    }

    /// <summary>Markdown links become their text, emphasis marks go, white space is folded.</summary>
    internal static string CleanInline(string text)
    {
        var withoutLinks = MarkdownLink().Replace(text, "$1");
        var plain = withoutLinks.Replace("**", string.Empty, StringComparison.Ordinal).Replace("__", string.Empty, StringComparison.Ordinal).Replace("_", " ", StringComparison.Ordinal);
        return Spaces().Replace(plain, " ").Trim().TrimEnd('.').Trim();
    }

    /// <summary>Prose only: HTML blocks (embedded posts, tables) carry dates and times of their own.</summary>
    private static string Flatten(string body)
    {
        var prose = string.Join('\n', body.Split('\n').Where(line => !line.TrimStart().StartsWith('<')));
        return Spaces().Replace(MarkdownLink().Replace(prose, "$1").Replace("*", string.Empty, StringComparison.Ordinal), " ");
    }

    private static Regex DateMention(DateOnly day)
    {
        var month = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(day.Month);
        var shortMonth = CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(day.Month);
        var d = day.Day.ToString(CultureInfo.InvariantCulture);
        return new Regex(
            $@"\b(?:{d}(?:st|nd|rd|th)?\s+(?:{month}|{shortMonth})|(?:{month}|{shortMonth})\s+{d}(?:st|nd|rd|th)?)\b(?:,?\s+{day.Year})?",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
    }

    private static ParsedTime? ParseTime(string text)
    {
        var match = TimeToken().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var meridiem = match.Groups["ap"].Success ? (match.Groups["ap"].Value.StartsWith('p') || match.Groups["ap"].Value.StartsWith('P') ? "pm" : "am") : null;
        return new ParsedTime(hour, minute, meridiem, match.Groups["m"].Success || meridiem is not null);
    }

    /// <summary>A "Label: value" line, whole (trimmed) and its value.</summary>
    private sealed record Labelled(string Line, string Value);

    private readonly record struct ParsedTime(int Hour, int Minute, string? Meridiem, bool Explicit)
    {
        public int Hour24 => Meridiem switch
        {
            "pm" when Hour < 12 => Hour + 12,
            "am" when Hour == 12 => 0,
            _ => Hour,
        };

        public TimeOnly? ToTime() =>
            Hour24 is >= 0 and < 24 && Minute is >= 0 and < 60 && (Meridiem is null || Hour is >= 1 and <= 12)
                ? new TimeOnly(Hour24, Minute)
                : null;
    }

    [GeneratedRegex(@"^\s*(?:[-*>]\s*)*(?:\*\*|__)?(?<label>[A-Za-z ]{3,30}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(?<value>\S.*)$")]
    private static partial Regex LabelledLine();

    [GeneratedRegex(@"(?<![\d:.])(?<a>\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)\s*(?:-|–|—|to|until)\s*(?<b>\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)(?![\d:])", RegexOptions.IgnoreCase)]
    private static partial Regex TimeRange();

    [GeneratedRegex(@"(?:\bat|\bfrom|,)\s+(?<t>\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)", RegexOptions.IgnoreCase)]
    private static partial Regex SingleTime();

    [GeneratedRegex(@"^(?<h>\d{1,2})(?:[:.](?<m>\d{2}))?\s*(?<ap>[ap]\.?m\.?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeToken();

    [GeneratedRegex(@"\G\s*\(?(?<zone>[A-Z]{2,4})\b")]
    private static partial Regex ZoneAfterTime();

    [GeneratedRegex(@"\d\s+on\s+(?:[A-Z][a-z]+day,?\s+)?$")]
    private static partial Regex OnBeforeDate();

    /// <summary>A parenthetical aside with a digit in it: "(for start at 11:00)", not "(UK time)", which names the zone.</summary>
    [GeneratedRegex(@"\([^()]*\d[^()]*\)")]
    private static partial Regex TimedAside();

    [GeneratedRegex(@"\b(?:for\s+(?:an?\s+)?start\s+(?:at\s+)?|start(?:s|ing)?\s+(?:at\s+)?)(?<t>\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)|(?<t>\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)\s+start\b", RegexOptions.IgnoreCase)]
    private static partial Regex StartCue();

    [GeneratedRegex(@"\G\s*(?:-|–|—|to\b|until\b)\s*\d")]
    private static partial Regex RangeContinues();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)+")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(?:at|in|of)\s+(?<place>(?:[Tt]he\s+)?[A-Z0-9][\w'’-]*(?:(?:\s+(?:of|the|and|on|de))*\s+[A-Z0-9][\w'’-]*)*)")]
    private static partial Regex PlaceAfterPreposition();

    [GeneratedRegex(@"\b(?:Tate|Room|House|Hall|Centre|Center|Institute|Church|College|University|Palace|Hub|Gardens|Library|Museum|Gallery|Theatre|Hotel|Building|Parliament|Commons|Lords)\b")]
    private static partial Regex VenueWord();

    [GeneratedRegex(@"[.!?](?:\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"(?<=\S)\.\s")]
    private static partial Regex FirstSentenceEnd();

    [GeneratedRegex(@"(\d+)(?:st|nd|rd|th)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinals();

    [GeneratedRegex(@"\b(?:on|via) (?:Zoom|Teams|Google Meet)\b|\bonline (?:event|meeting|session|webinar|workshop)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OnlineWords();
}
