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

    /// <summary>The registration an entry is about, whose personal details its <see cref="Details"/> may hold until they are removed.</summary>
    public int? RegistrationId { get; private set; }

    public const string DetailsRemoved = "(personal details removed)";

    public static AuditEntry Record(DateTime nowUtc, string actor, string action, int? eventId = null, string? details = null) => new()
    {
        AtUtc = nowUtc,
        Actor = actor.Length > 256 ? actor[..256] : actor,
        Action = action.Length > 100 ? action[..100] : action,
        EventId = eventId,
        Details = details is { Length: > 2000 } ? details[..2000] : details,
    };

    /// <summary>An entry about one registration (an organiser added or cancelled someone), whose details name the person.</summary>
    public static AuditEntry About(EventRegistration registration, DateTime nowUtc, string actor, string action, string? details = null)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var entry = Record(nowUtc, actor, action, registration.EventId, details);
        entry.Registration = registration;
        return entry;
    }

    /// <summary>So an entry made with a new registration gets its id when both are saved.</summary>
    public EventRegistration? Registration { get; private set; }

    /// <summary>The person this entry is about (<see cref="RegistrationId"/>) was anonymised or erased: what it said of them goes.</summary>
    public void RemovePersonalDetails()
    {
        if (Details is not null)
        {
            Details = DetailsRemoved;
        }
    }

    /// <summary>
    /// For an entry tied to no registration (made before entries were, or about several people): each of
    /// <paramref name="values"/> (names and addresses, longest first) goes wherever it appears.
    /// </summary>
    public void RemoveValues(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values.Where(v => v.Length > 0))
        {
            Details = Details?.Replace(value, "(removed)", StringComparison.OrdinalIgnoreCase);
        }
    }
}
