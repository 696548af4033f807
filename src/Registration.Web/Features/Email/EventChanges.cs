using System.Text.Json;
using Registration.Web.Domain;
using Registration.Web.Features.Events;

namespace Registration.Web.Features.Email;

/// <summary>
/// An event's time, place and joining link as people read them, taken before an edit or an import changes
/// the event, so that the change notice can say what each was and is now.
/// </summary>
public sealed record EventSnapshot(string When, string Where, string? JoinUrl)
{
    public static EventSnapshot Of(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return new EventSnapshot(EventDisplay.When(ev.Schedule), ev.Location.Describe(), ev.OnlineJoinUrl);
    }

    /// <summary>The event as a form or page about to be saved would leave it, to know beforehand whether people must be told.</summary>
    public static EventSnapshot Of(EventDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new EventSnapshot(EventDisplay.When(details.Schedule), details.Location.Describe(), string.IsNullOrWhiteSpace(details.OnlineJoinUrl) ? null : details.OnlineJoinUrl.Trim());
    }
}

/// <summary>
/// One changed field in a change notice. A changed joining link keeps neither value: the new one is given
/// only to people with a place, from the event itself when the email is written, and the old one is of no use.
/// </summary>
public sealed record EventChange(string Field, string? Was, string? Now)
{
    public const string JoiningLink = "Joining link";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// What the people registered must hear about: a new time or place, or a new joining link where they
    /// already had one (their calendar entry carries it). A first joining link is not a change: the
    /// reminder brings it.
    /// </summary>
    public static IReadOnlyList<EventChange> Between(EventSnapshot before, EventSnapshot now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(now);
        var changes = new List<EventChange>();
        if (before.When != now.When)
        {
            changes.Add(new EventChange("When", before.When, now.When));
        }

        if (before.Where != now.Where)
        {
            changes.Add(new EventChange("Where", before.Where, now.Where));
        }

        if (before.JoinUrl is not null && now.JoinUrl is not null && before.JoinUrl != now.JoinUrl)
        {
            changes.Add(new EventChange(JoiningLink, null, null));
        }

        return changes;
    }

    /// <summary>Kept with each person's copy of the notice (<see cref="OutboxMessage.Body"/>), so no new column is needed.</summary>
    public static string Serialise(IReadOnlyList<EventChange> changes) => JsonSerializer.Serialize(changes, Json);

    /// <summary>The changes a notice carries; none for a notice queued before notices carried them, which then reads as it always did.</summary>
    public static IReadOnlyList<EventChange> Read(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<EventChange>>(stored, Json)?.Where(c => c.Field is not null).ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The line in the event's history of messages: what changed, without any joining link.</summary>
    public static string Describe(IReadOnlyList<EventChange> changes) =>
        changes.Count == 0
            ? "The time or place changed."
            : string.Join(" ", changes.Select(c => c.Field == JoiningLink ? "The joining link changed." : $"{c.Field}: {c.Was} → {c.Now}."));
}
