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
            RegistrationAvailability.Open when placesLeft == 0 => "Registration is open, but the event is full: you can join the waiting list.",
            RegistrationAvailability.Open when placesLeft is { } left => $"Registration is open: {left} {(left == 1 ? "place" : "places")} left.",
            RegistrationAvailability.Open => "Registration is open.",
            RegistrationAvailability.Closed => "Registration has closed.",
            _ => "Registration is not available.",
        };
    }

    public static string NotOpenYet(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return ev.RegistrationOpeningNote is { } note
            ? $"Registration is not open yet. Registration opens: {note}."
            : $"Registration is not open yet. Registration opens on {EventDisplay.Day(ev.RegistrationOpensAtUtc!.Value, ev.Schedule.TimeZoneId)}.";
    }
}
