using System.Globalization;
using System.Text;
using Registration.Web.Domain;
using Registration.Web.Features.Events;

namespace Registration.Web.Features.Calendar;

/// <summary>
/// Writes iCalendar (RFC 5545): CRLF line ends, lines folded at 75 octets without splitting a character,
/// text escaped. Timed events are written in UTC, which every client converts to its own zone; events
/// whose time is to be confirmed are all-day events.
/// </summary>
public sealed class IcsWriter
{
    private const int MaxLineOctets = 75;
    private readonly StringBuilder _text = new();

    public IcsWriter(string method, string? calendarName = null)
    {
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//Registration//Events//EN");
        Line("CALSCALE:GREGORIAN");
        Line($"METHOD:{method}");
        if (calendarName is not null)
        {
            Property("X-WR-CALNAME", calendarName);
        }
    }

    /// <summary>
    /// Adds the event. <paramref name="cancelled"/> marks it cancelled for this recipient (their place was
    /// cancelled) with a sequence above the event's, so that calendars remove their copy;
    /// <paramref name="earlierRegistrations"/> (the recipient's earlier, cancelled registrations for it)
    /// moves their sequence above every one sent to them before (<see cref="Event.CalendarSequenceFor"/>).
    /// <paramref name="joinUrl"/> is given only in the file of a person with a place at an online event: it
    /// becomes the location and is named in the description; the public file never carries it.
    /// </summary>
    public IcsWriter AddEvent(Event ev, Uri pageUrl, DateTime stampUtc, bool cancelled = false, string? organizerEmail = null, int earlierRegistrations = 0, string? joinUrl = null)
    {
        ArgumentNullException.ThrowIfNull(ev);
        ArgumentNullException.ThrowIfNull(pageUrl);
        Line("BEGIN:VEVENT");
        Line($"UID:{ev.CalendarUid:D}");
        Line($"DTSTAMP:{Utc(stampUtc)}");
        if (ev.Schedule.TimeToBeConfirmed)
        {
            Line($"DTSTART;VALUE=DATE:{ev.Schedule.FirstDay:yyyyMMdd}");
            Line($"DTEND;VALUE=DATE:{ev.Schedule.LastDay.AddDays(1):yyyyMMdd}");
        }
        else
        {
            Line($"DTSTART:{Utc(ev.Schedule.StartsAtUtc)}");
            Line($"DTEND:{Utc(ev.Schedule.EndsAtUtc)}");
        }

        Line($"SEQUENCE:{ev.CalendarSequenceFor(earlierRegistrations, cancelled).ToString(CultureInfo.InvariantCulture)}");
        if (organizerEmail is not null)
        {
            Line($"ORGANIZER:mailto:{organizerEmail}");
        }

        Property("SUMMARY", ev.Title);
        var summary = MarkdownRenderer.ToPlainText(ev.Excerpt);
        var join = joinUrl is null ? string.Empty : $"Join online: {joinUrl}\n\n";
        Property("DESCRIPTION", summary.Length > 0 ? $"{summary}\n\n{join}{pageUrl}" : $"{join}{pageUrl}");
        Property("LOCATION", ev.Location.IsOnline && joinUrl is not null ? joinUrl : ev.Location.Describe());
        Line($"URL:{pageUrl}");
        Line(ev.Status == EventStatus.Cancelled || cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
        Line("END:VEVENT");
        return this;
    }

    public override string ToString() => _text + "END:VCALENDAR\r\n";

    internal static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Splits a content line into octet-limited pieces, each continuation starting with a space.</summary>
    internal static IEnumerable<string> Fold(string line)
    {
        var start = 0;
        var limit = MaxLineOctets;
        var octets = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (octets + size > limit)
            {
                yield return (start == 0 ? string.Empty : " ") + line[start..i];
                start = i;
                octets = 0;
                limit = MaxLineOctets - 1;
            }

            octets += size;
            i += width - 1;
        }

        yield return (start == 0 ? string.Empty : " ") + line[start..];
    }

    private static string Utc(DateTime utc) => utc.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private void Property(string name, string value) => Line($"{name}:{Escape(StripControl(value))}");

    private static string StripControl(string value) =>
        string.Concat(value.Where(c => c is '\n' || !char.IsControl(c)));

    private void Line(string line)
    {
        foreach (var piece in Fold(line))
        {
            _text.Append(piece).Append("\r\n");
        }
    }
}
