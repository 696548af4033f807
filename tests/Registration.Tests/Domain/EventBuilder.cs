using Registration.Web.Domain;

namespace Registration.Tests.Domain;

/// <summary>Valid event details to vary one rule at a time.</summary>
internal static class EventBuilder
{
    public static readonly DateTime Now = new(2026, 1, 10, 12, 0, 0, DateTimeKind.Utc);

    public static EventDetails Details(Func<EventDetails, EventDetails>? change = null)
    {
        var details = new EventDetails
        {
            Title = "Power and participation in public tech",
            Schedule = EventSchedule.At(new DateTime(2026, 3, 6, 10, 0, 0), new DateTime(2026, 3, 6, 17, 0, 0), "Europe/London"),
            Location = EventLocation.InPerson("Manchester (venue TBC)"),
            Description = "A conference.",
            Capacity = 150,
        };
        return change is null ? details : change(details);
    }

    public static Event Published(Func<EventDetails, EventDetails>? change = null)
    {
        var ev = Event.Create("2026-03-06-conference", Details(change), Now);
        ev.Publish();
        return ev;
    }
}
