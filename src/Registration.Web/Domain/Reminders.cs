using System.Globalization;
using System.Text.RegularExpressions;

namespace Registration.Web.Domain;

/// <summary>When an event's reminders are due, and who gets them.</summary>
public static partial class Reminders
{
    public const int OneDay = 24 * 60;
    public const int OneHour = 60;

    /// <summary>The event's own offsets, or by default a day before, and an hour before for online events (with the joining link).</summary>
    public static IReadOnlyList<int> OffsetsFor(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        if (ev.ReminderOffsetsMinutes.Count > 0)
        {
            return ev.ReminderOffsetsMinutes;
        }

        return ev.Location.IsOnline ? [OneDay, OneHour] : [OneDay];
    }

    /// <summary>Offsets are exact durations before the start instant, so summer time changes nothing.</summary>
    public static DateTime DueAtUtc(Event ev, int offsetMinutes)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return ev.Schedule.StartsAtUtc.AddMinutes(-offsetMinutes);
    }

    /// <summary>
    /// Due once its time has come, while the event is published and still ahead, and until the next,
    /// closer reminder falls due: after a pause (the app was down) "starts in 1 day" half an hour before
    /// the start would be wrong, and the closer reminder says it better.
    /// </summary>
    public static bool IsDue(Event ev, int offsetMinutes, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var closer = OffsetsFor(ev).Where(o => o < offsetMinutes).DefaultIfEmpty(0).Max();
        return ev.Status == EventStatus.Published
            && !ev.Schedule.TimeToBeConfirmed
            && nowUtc >= DueAtUtc(ev, offsetMinutes)
            && nowUtc < DueAtUtc(ev, closer);
    }

    /// <summary>Only confirmed places taken before the reminder's time (someone who signs up an hour before gets no "tomorrow" email).</summary>
    public static bool ShouldRemind(EventRegistration registration, Event ev, int offsetMinutes)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return registration.Status == RegistrationStatus.Confirmed && registration.CreatedAtUtc < DueAtUtc(ev, offsetMinutes);
    }

    /// <summary>"1d", "2h", "30m", "1w" (or "2 hours") as minutes before the start.</summary>
    public static int ParseOffset(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Offset().Match(text.Trim());
        if (!match.Success)
        {
            throw new DomainException($"\"{text.Trim()}\" is not a reminder like 1d, 2h or 30m.");
        }

        var amount = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var minutes = char.ToLowerInvariant(match.Groups["unit"].Value[0]) switch
        {
            'w' => amount * 7 * OneDay,
            'd' => amount * OneDay,
            'h' => amount * OneHour,
            _ => amount,
        };
        return minutes is > 0 and <= Event.MaxReminderOffsetMinutes
            ? minutes
            : throw new DomainException($"\"{text.Trim()}\" must be between 1 minute and 60 days before the event.");
    }

    /// <summary>The offsets as an organiser would type them: "1d, 1h".</summary>
    public static string Describe(IEnumerable<int> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        return string.Join(", ", offsets.Select(o => o % OneDay == 0 ? $"{o / OneDay}d" : o % OneHour == 0 ? $"{o / OneHour}h" : $"{o}m"));
    }

    [GeneratedRegex(@"^(?<n>\d{1,5})\s*(?<unit>m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Offset();
}
