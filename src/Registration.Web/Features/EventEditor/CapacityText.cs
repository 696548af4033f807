using System.Globalization;
using Registration.Web.Domain;

namespace Registration.Web.Features.EventEditor;

/// <summary>
/// Says what a new capacity will do before and after it is saved: who gets a place from the waiting
/// list, or, below the places already taken, that nobody loses theirs.
/// </summary>
public static class CapacityText
{
    /// <summary>Null when the new capacity changes nothing worth a word.</summary>
    public static string? Describe(Event ev, int? newCapacity, int? offerHours, EventPlaces places, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(ev);
        ArgumentNullException.ThrowIfNull(places);
        if (newCapacity == ev.Capacity)
        {
            return null;
        }

        var change = ev.CapacityChangeTo(newCapacity, places.Held, places.Waiting, nowUtc);
        var taken = places.Offered == 0
            ? $"{places.Confirmed} confirmed"
            : $"{places.Held} places taken ({places.Confirmed} confirmed, {places.Offered} on offer)";
        var capacity = newCapacity is { } n ? $"new capacity {n.ToString(CultureInfo.InvariantCulture)}" : "no limit on places";
        if (change.HeldBeyondCapacity > 0)
        {
            var over = change.HeldBeyondCapacity;
            return $"{taken}, {capacity}: nobody loses a place; the next {Count(over, "cancellation")} {(over == 1 ? "frees" : "free")} no place.";
        }

        if (change.PlacesGiven > 0)
        {
            var people = change.PlacesGiven == 1 ? "the first person on the waiting list" : $"the first {change.PlacesGiven} people on the waiting list";
            return offerHours is { } hours
                ? $"{taken}, {capacity}: {people} will be offered a place for {Count(hours, "hour")} and emailed when you save."
                : $"{taken}, {capacity}: {people} will get a place and be emailed when you save.";
        }

        return null;
    }

    private static string Count(int count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? string.Empty : "s")}");
}
