namespace Registration.Web.Domain;

public enum LocationKind
{
    ToBeConfirmed = 0,
    InPerson = 1,
    Online = 2,
}

/// <summary>Where an event happens as the public sees it. The private joining link lives on the event.</summary>
public sealed record EventLocation
{
    public const int MaxVenueLength = 500;

    private EventLocation(LocationKind kind, string? venue)
    {
        Kind = kind;
        Venue = venue;
    }

    public static EventLocation ToBeConfirmed { get; } = new(LocationKind.ToBeConfirmed, null);

    public static EventLocation Online { get; } = new(LocationKind.Online, null);

    public LocationKind Kind { get; private init; }

    public string? Venue { get; private init; }

    public bool IsOnline => Kind == LocationKind.Online;

    public static EventLocation InPerson(string venue)
    {
        var trimmed = venue?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new DomainException("A venue is required for an in-person event.");
        }

        if (trimmed.Length > MaxVenueLength)
        {
            throw new DomainException($"The venue must be at most {MaxVenueLength} characters.");
        }

        return new EventLocation(LocationKind.InPerson, trimmed);
    }

    /// <summary>"Online" (any case) means an online event; anything else is a venue.</summary>
    public static EventLocation Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ToBeConfirmed;
        }

        return text.Trim().Equals("online", StringComparison.OrdinalIgnoreCase) ? Online : InPerson(text);
    }

    public string Describe() => Kind switch
    {
        LocationKind.Online => "Online",
        LocationKind.InPerson => Venue!,
        _ => "Location to be confirmed",
    };
}
