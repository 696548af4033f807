using System.Globalization;
using System.Text;
using Registration.Web.Domain;
using Registration.Web.Features.Events;

namespace Registration.Web.Features.Calendar;

/// <summary>
/// "Add to Google Calendar", "Add to Outlook.com" (personal accounts) and "Add to Microsoft 365" (work and
/// school accounts, whose calendars are at another address) for an event, beside the <c>.ics</c> file.
/// Times go in UTC (with a Z), which both services show in the reader's own zone, so a meeting at 14:00 UK
/// time in July is 13:00Z and one in January 14:00Z; an event whose time is to be confirmed is all-day.
/// <paramref name="joinUrl"/> is only passed for a person with a place at an online event: the public
/// links never carry the joining link.
/// </summary>
public sealed record CalendarLinks(Uri Google, Uri Outlook, Uri Office)
{
    /// <summary>Whether to offer adding the event at all: not once it is cancelled or over.</summary>
    public static bool Offered(Event ev, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return ev.Status != EventStatus.Cancelled && !ev.HasFinished(nowUtc);
    }

    public static CalendarLinks For(Event ev, Uri pageUrl, string? joinUrl = null)
    {
        ArgumentNullException.ThrowIfNull(ev);
        ArgumentNullException.ThrowIfNull(pageUrl);
        var schedule = ev.Schedule;
        var details = Details(ev, pageUrl, joinUrl);
        var location = ev.Location.IsOnline && joinUrl is not null ? joinUrl : ev.Location.Describe();

        // Google takes an exclusive end day for all-day events; Outlook.com takes the start and end days
        // with allday=true, also with the end exclusive.
        var (googleDates, outlookStart, outlookEnd) = schedule.TimeToBeConfirmed
            ? ($"{Day(schedule.FirstDay)}/{Day(schedule.LastDay.AddDays(1))}",
                schedule.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                schedule.LastDay.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            : ($"{Compact(schedule.StartsAtUtc)}/{Compact(schedule.EndsAtUtc)}", Iso(schedule.StartsAtUtc), Iso(schedule.EndsAtUtc));

        var google = Query("https://calendar.google.com/calendar/render",
            ("action", "TEMPLATE"), ("text", ev.Title), ("dates", googleDates), ("details", details), ("location", location));
        (string, string)[] outlook =
        [
            ("path", "/calendar/action/compose"), ("rru", "addevent"), ("subject", ev.Title),
            ("startdt", outlookStart), ("enddt", outlookEnd), ("allday", schedule.TimeToBeConfirmed ? "true" : "false"),
            ("body", details), ("location", location),
        ];
        return new CalendarLinks(
            google,
            Query("https://outlook.live.com/calendar/0/deeplink/compose", outlook),
            Query("https://outlook.office.com/calendar/0/deeplink/compose", outlook));
    }

    private static string Details(Event ev, Uri pageUrl, string? joinUrl)
    {
        var text = new StringBuilder();
        var summary = MarkdownRenderer.ToPlainText(ev.Excerpt);
        if (summary.Length > 0)
        {
            text.Append(summary).Append("\n\n");
        }

        if (joinUrl is not null)
        {
            text.Append("Join online: ").Append(joinUrl).Append("\n\n");
        }

        return text.Append(pageUrl).ToString();
    }

    private static Uri Query(string address, params (string Name, string Value)[] parameters) =>
        new(address + "?" + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}")));

    private static string Compact(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
