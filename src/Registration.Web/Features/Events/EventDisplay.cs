using System.Globalization;
using Registration.Web.Domain;

namespace Registration.Web.Features.Events;

/// <summary>How events read on pages and in calendars: dates and times in the event's own zone, in British English.</summary>
public static class EventDisplay
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"Friday 6 March 2026, 10:00–17:00 UK time", or "Friday 6 March 2026 (time to be confirmed)".</summary>
    public static string When(EventSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var start = schedule.LocalStart;
        var end = schedule.LocalEnd;
        if (schedule.TimeToBeConfirmed)
        {
            return schedule.FirstDay == schedule.LastDay
                ? $"{Day(schedule.FirstDay)} (time to be confirmed)"
                : $"{Day(schedule.FirstDay)} to {Day(schedule.LastDay)}";
        }

        if (DateOnly.FromDateTime(start) == DateOnly.FromDateTime(end))
        {
            var range = start == end ? Time(start) : $"{Time(start)}–{Time(end)}";
            return $"{Day(DateOnly.FromDateTime(start))}, {range} {ZoneLabel(schedule.TimeZoneId)}";
        }

        return $"{Day(DateOnly.FromDateTime(start))}, {Time(start)} to {Day(DateOnly.FromDateTime(end))}, {Time(end)} {ZoneLabel(schedule.TimeZoneId)}";
    }

    /// <summary>
    /// As <see cref="When(EventSchedule)"/>, except that an event that is over and never had a time reads as
    /// its date alone: "to be confirmed" is a promise that no longer means anything after the day.
    /// </summary>
    public static string When(EventSchedule schedule, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.TimeToBeConfirmed && schedule.FirstDay == schedule.LastDay && schedule.EndsAtUtc <= nowUtc
            ? Day(schedule.FirstDay)
            : When(schedule);
    }

    /// <summary>The place as the public sees it, or null for an event that is over and never had one.</summary>
    public static string? Where(EventLocation location, EventSchedule schedule, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(schedule);
        return location.Kind == LocationKind.ToBeConfirmed && schedule.EndsAtUtc <= nowUtc ? null : location.Describe();
    }

    /// <summary>Europe/London reads as "UK time"; other zones by their city, as in "Paris time".</summary>
    public static string ZoneLabel(string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(timeZoneId);
        if (timeZoneId is "Europe/London" or "GB" or "GMT Standard Time")
        {
            return "UK time";
        }

        if (timeZoneId is "UTC" or "Etc/UTC")
        {
            return "UTC";
        }

        // Zones named for a time of year or a city few would recognise read by the name people use.
        if (timeZoneId is "CET")
        {
            return "Central European time";
        }

        if (timeZoneId is "America/Sao_Paulo")
        {
            return "Brasília time";
        }

        var city = timeZoneId[(timeZoneId.LastIndexOf('/') + 1)..].Replace('_', ' ');
        return $"{city} time";
    }

    public static string Day(DateOnly day) => day.ToString("dddd d MMMM yyyy", English);

    public static string Day(DateTime utc, string timeZoneId) =>
        Day(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, EventSchedule.FindTimeZone(timeZoneId))));

    /// <summary>"Tuesday 3 March 2026, 14:00 UK time": one moment, in the event's zone.</summary>
    public static string Moment(DateTime utc, string timeZoneId)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, EventSchedule.FindTimeZone(timeZoneId));
        return $"{Day(DateOnly.FromDateTime(local))}, {Time(local)} {ZoneLabel(timeZoneId)}";
    }

    private static string Time(DateTime local) => local.ToString("HH:mm", English);
}
