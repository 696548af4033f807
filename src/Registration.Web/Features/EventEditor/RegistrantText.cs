using Registration.Web.Features.Attendees;

namespace Registration.Web.Features.EventEditor;

/// <summary>The people an unpublish or a cancellation would affect, in words: "6 people have a place and 2 are waiting".</summary>
public static class RegistrantText
{
    /// <summary>Null when nobody is registered (or waiting): then there is nobody to ask about.</summary>
    public static string? Describe(AttendeeCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var waiting = counts.Waiting + counts.Offered;
        var placed = counts.Confirmed switch
        {
            0 => null,
            1 => "1 person has a place",
            var n => $"{n} people have a place",
        };
        var queued = waiting switch
        {
            0 => null,
            _ when placed is not null => $"{waiting} {(waiting == 1 ? "is" : "are")} waiting",
            1 => "1 person is waiting",
            _ => $"{waiting} people are waiting",
        };
        return placed is null ? queued : queued is null ? placed : $"{placed} and {queued}";
    }

    /// <summary>"1 person is" or "3 people are".</summary>
    public static string People(int count) => count == 1 ? "1 person is" : $"{count} people are";

    /// <summary>For the audit log: whether the people registered were emailed about what an organiser did.</summary>
    public static string Told(bool emailed, int count) => count == 0 ? "nobody registered" : emailed ? $"emailed the {Announcements.People(count)} registered" : $"did not email the {Announcements.People(count)} registered";
}
