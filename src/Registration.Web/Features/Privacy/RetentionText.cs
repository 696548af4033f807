using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Privacy;

/// <summary>An event whose attendees' personal data goes soon, and how many people it still holds.</summary>
public sealed record RetentionDue(Event Event, Retention Retention, int People);

/// <summary>How the organiser pages say when an event's personal data goes: on which day, in the event's own zone, and which events come next.</summary>
public static class RetentionText
{
    /// <summary>How long before an event's personal data goes the dashboard lists it and its page asks for attention.</summary>
    public const int WarningDays = 14;

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"1 March 2027": the day a removal is due or was done, as the event's organisers count days (its zone).</summary>
    public static string Date(DateTime utc, Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return TimeZoneInfo.ConvertTimeFromUtc(utc, ev.Schedule.TimeZone).ToString("d MMMM yyyy", English);
    }

    /// <summary>"90 days after the event": how long after its end data is kept, <paramref name="days"/> as the event or the setting says.</summary>
    public static string AfterTheEvent(int days) => days switch
    {
        0 => "when the event ends",
        1 => "1 day after the event",
        _ => $"{days} days after the event",
    };

    /// <summary>Days after the end that the event keeps everything personal: its own <c>retain_days</c>, or the setting.</summary>
    public static int KeptDays(Event ev, PrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(ev);
        ArgumentNullException.ThrowIfNull(options);
        return ev.DaysKept(options.RetainDays);
    }

    /// <summary>Whether a removal due at <paramref name="dueAtUtc"/> is close enough to ask the organisers' attention.</summary>
    public static bool Soon(DateTime dueAtUtc, DateTime nowUtc) => dueAtUtc <= nowUtc.AddDays(WarningDays);

    /// <summary>
    /// Events whose attendees' personal data goes within <see cref="WarningDays"/> days (or is overdue, the
    /// daily job not having run yet), soonest first. Only events still holding someone's data: one whose
    /// registrations are all gone, or that never had any, loses nothing.
    /// </summary>
    public static async Task<IReadOnlyList<RetentionDue>> DueSoonAsync(RegistrationDbContext db, PrivacyOptions options, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);

        // Data is never due before the event ends, so only events ending within the warning are read.
        var horizon = nowUtc.AddDays(WarningDays);
        var events = await db.Events.AsNoTracking()
            .Where(e => e.PersonalDataRemovedAtUtc == null && e.Schedule.EndsAtUtc <= horizon)
            .Where(e => db.Registrations.Any(r => r.EventId == e.Id && r.AnonymisedAtUtc == null))
            .ToListAsync(cancellationToken);
        var due = events.Select(e => (Event: e, Retention: options.RetentionOf(e)))
            .Where(d => Soon(d.Retention.PersonalDataDueAtUtc, nowUtc))
            .ToList();
        var ids = due.Select(d => d.Event.Id).ToList();
        var people = await db.Registrations.Where(r => ids.Contains(r.EventId) && r.AnonymisedAtUtc == null)
            .GroupBy(r => r.EventId).Select(g => new { EventId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.EventId, g => g.Count, cancellationToken);
        return due.OrderBy(d => d.Retention.PersonalDataDueAtUtc).ThenBy(d => d.Event.Title, StringComparer.Ordinal)
            .Select(d => new RetentionDue(d.Event, d.Retention, people.GetValueOrDefault(d.Event.Id)))
            .ToList();
    }
}
