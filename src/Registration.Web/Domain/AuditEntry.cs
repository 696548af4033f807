namespace Registration.Web.Domain;

/// <summary>One thing an organiser did, for the admins' record: who, what, when, and to which event.</summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
        Actor = string.Empty;
        Action = string.Empty;
    }

    public long Id { get; private set; }

    public DateTime AtUtc { get; private set; }

    /// <summary>The organiser's email, or "system" for the app's own jobs.</summary>
    public string Actor { get; private set; }

    public string Action { get; private set; }

    public int? EventId { get; private set; }

    public string? Details { get; private set; }

    public static AuditEntry Record(DateTime nowUtc, string actor, string action, int? eventId = null, string? details = null) => new()
    {
        AtUtc = nowUtc,
        Actor = actor.Length > 256 ? actor[..256] : actor,
        Action = action.Length > 100 ? action[..100] : action,
        EventId = eventId,
        Details = details is { Length: > 2000 } ? details[..2000] : details,
    };
}
