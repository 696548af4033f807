using Registration.Web.Domain;

namespace Registration.Web.Features.Events;

/// <summary>The one sentence that tells a visitor whether and how they can register.</summary>
public static class AvailabilityText
{
    public static string For(RegistrationAvailability availability, Event ev, int? placesLeft)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return availability switch
        {
            RegistrationAvailability.Cancelled => "Registration is closed because the event has been cancelled.",
            RegistrationAvailability.Finished => "This event has finished.",
            RegistrationAvailability.NotOpenYet => NotOpenYet(ev),
            RegistrationAvailability.Open when placesLeft == 0 => $"Registration is open, but the event is full: you can join the waiting list. {WaitingListRule(ev)}",
            RegistrationAvailability.Open when placesLeft is { } left => $"Registration is open: {left} {(left == 1 ? "place" : "places")} left.",
            RegistrationAvailability.Open => "Registration is open.",
            RegistrationAvailability.Closed => "Registration has closed.",
            _ => "Registration is not available.",
        };
    }

    /// <summary>What happens when a place comes free, in one sentence.</summary>
    public static string WaitingListRule(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return ev.WaitlistOfferHours is { } hours
            ? $"When a place comes free, the first person waiting is offered it by email and has {hours} {(hours == 1 ? "hour" : "hours")} to claim it (until the event starts at the latest); after that it is offered to the next person."
            : "When a place comes free, it goes to the first person waiting, who is emailed straight away.";
    }

    public static string NotOpenYet(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return ev.RegistrationOpeningNote is { } note
            ? $"Registration is not open yet. Registration opens: {note}."
            : $"Registration is not open yet. Registration opens on {EventDisplay.Day(ev.RegistrationOpensAtUtc!.Value, ev.Schedule.TimeZoneId)}.";
    }
}
