using System.Globalization;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;

namespace Registration.Web.Features.EventEditor;

/// <summary>
/// Says what a new capacity will do before and after it is saved: who gets a place from the waiting
/// list, or, below the places already taken, that nobody loses theirs.
/// </summary>
public static class CapacityText
{
    /// <summary>Null when the new capacity changes nothing worth a word.</summary>
    /// <param name="saved">Said after saving (what happened) rather than before (what will).</param>
    public static string? Describe(Event ev, int? newCapacity, int? offerHours, AttendeeCounts places, DateTime nowUtc, bool saved = false)
    {
        ArgumentNullException.ThrowIfNull(ev);
        ArgumentNullException.ThrowIfNull(places);
        if (newCapacity == ev.Capacity)
        {
            return null;
        }

        if (newCapacity is < 1)
        {
            return "Places must be at least 1, or empty for unlimited.";
        }

        var change = ev.CapacityChangeTo(newCapacity, places.Held, places.Waiting, nowUtc);
        var taken = places.Offered == 0
            ? $"{places.Confirmed} confirmed"
            : $"{places.Held} places taken ({places.Confirmed} confirmed, {places.Offered} on offer)";
        var capacity = newCapacity is { } n ? $"new capacity {n.ToString(CultureInfo.InvariantCulture)}" : "no limit on places";
        if (change.HeldBeyondCapacity > 0)
        {
            var over = change.HeldBeyondCapacity;
            return over == 1
                ? $"{taken}, {capacity}: nobody loses a place; the next cancellation frees no place."
                : $"{taken}, {capacity}: nobody loses a place; the next {over} cancellations free no place.";
        }

        if (change.PlacesGiven > 0)
        {
            var people = change.PlacesGiven == 1 ? "the first person on the waiting list" : $"the first {change.PlacesGiven} people on the waiting list";
            return (offerHours, saved) switch
            {
                ({ } hours, false) when hours >= 1 => $"{taken}, {capacity}: {people} will be offered a place for {Count(hours, "hour")} and emailed when you save.",
                (not null, false) => $"{taken}, {capacity}: {people} will be offered a place and emailed when you save.",
                ({ } hours, true) => $"{taken}, {capacity}: {people} {(change.PlacesGiven == 1 ? "has" : "have")} been offered a place for {Count(hours, "hour")} and {(change.PlacesGiven == 1 ? "is" : "are")} being emailed.",
                (null, false) => $"{taken}, {capacity}: {people} will get a place and be emailed when you save.",
                (null, true) => $"{taken}, {capacity}: {people} {(change.PlacesGiven == 1 ? "has" : "have")} been given a place and {(change.PlacesGiven == 1 ? "is" : "are")} being emailed.",
            };
        }

        return null;
    }

    private static string Count(int count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? string.Empty : "s")}");
}
