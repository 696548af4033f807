using Registration.Web.Domain;

namespace Registration.Web.Features.EventEditor;

/// <summary>
/// An online event without its joining link: people who sign up are told it will follow, and reminders
/// go out without it. Said before publishing, and on the dashboard while the start draws near.
/// </summary>
public static class JoiningLinks
{
    /// <summary>How far ahead the dashboard looks: a day-before reminder is due inside it.</summary>
    public static readonly TimeSpan Soon = TimeSpan.FromHours(48);

    public const string PublishWarning = "This online event has no joining link. People who sign up will be told the link is to follow, and their reminders will go out without it unless you add it first. Add the link and save, or publish anyway.";

    public static bool IsMissing(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return ev.Location.IsOnline && ev.OnlineJoinUrl is null;
    }

    /// <summary>Published online events starting within <see cref="Soon"/> of <paramref name="nowUtc"/> that still have no link.</summary>
    public static IReadOnlyList<Event> MissingSoon(IEnumerable<Event> events, DateTime nowUtc) =>
        events.Where(e => e.Status == EventStatus.Published && IsMissing(e) && e.Schedule.StartsAtUtc > nowUtc && e.Schedule.StartsAtUtc <= nowUtc + Soon)
            .OrderBy(e => e.Schedule.StartsAtUtc)
            .ToList();
}
