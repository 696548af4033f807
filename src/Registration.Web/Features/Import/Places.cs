using System.Text.RegularExpressions;

namespace Registration.Web.Features.Import;

/// <summary>The times on a page: a start, perhaps an end, and the zone written after them, if any.</summary>
public sealed record StatedTimes(TimeOnly Start, TimeOnly? End, PlaceZone? Zone)
{
    /// <summary>The "**When:** …" line they were read from, when the schedule says all it does.</summary>
    public string? Line { get; init; }
}

/// <summary>The venue a page states, and the "**Where:** …" line it was read from, if any.</summary>
public sealed record StatedPlace(string Venue, string? Line);

/// <summary>A place or zone name found on a page, and its IANA zone; no zone when the name spans several.</summary>
public sealed record PlaceZone(string Name, string? ZoneId);

/// <summary>
/// The places abroad that the organisation's pages name, and the zones their times are in. A page's times
/// are read in the zone of the place it names, so "Central Paris, 9.00am" is 08:00 UTC in February. Names
/// that are also places in the UK or common words (Boston, Washington alone, Nice) are left out or marked
/// as spanning several zones, as are countries that do: the importer then keeps the default zone and asks
/// for a review.
/// </summary>
internal static partial class Places
{
    private static readonly Dictionary<string, string?> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Paris"] = "Europe/Paris",
        ["France"] = "Europe/Paris",
        ["Strasbourg"] = "Europe/Paris",
        ["Lyon"] = "Europe/Paris",
        ["Brussels"] = "Europe/Brussels",
        ["Belgium"] = "Europe/Brussels",
        ["Geneva"] = "Europe/Zurich",
        ["Zurich"] = "Europe/Zurich",
        ["Switzerland"] = "Europe/Zurich",
        ["Berlin"] = "Europe/Berlin",
        ["Munich"] = "Europe/Berlin",
        ["Germany"] = "Europe/Berlin",
        ["Amsterdam"] = "Europe/Amsterdam",
        ["The Hague"] = "Europe/Amsterdam",
        ["Netherlands"] = "Europe/Amsterdam",
        ["Luxembourg"] = "Europe/Luxembourg",
        ["Madrid"] = "Europe/Madrid",
        ["Barcelona"] = "Europe/Madrid",
        ["Rome"] = "Europe/Rome",
        ["Milan"] = "Europe/Rome",
        ["Vienna"] = "Europe/Vienna",
        ["Copenhagen"] = "Europe/Copenhagen",
        ["Stockholm"] = "Europe/Stockholm",
        ["Oslo"] = "Europe/Oslo",
        ["Helsinki"] = "Europe/Helsinki",
        ["Tallinn"] = "Europe/Tallinn",
        ["Warsaw"] = "Europe/Warsaw",
        ["Lisbon"] = "Europe/Lisbon",
        ["Dublin"] = "Europe/Dublin",
        ["Athens"] = "Europe/Athens",
        ["New York"] = "America/New_York",
        ["NYC"] = "America/New_York",
        ["Washington DC"] = "America/New_York",
        ["Toronto"] = "America/Toronto",
        ["Montreal"] = "America/Toronto",
        ["Ottawa"] = "America/Toronto",
        ["Chicago"] = "America/Chicago",
        ["San Francisco"] = "America/Los_Angeles",
        ["Brasília"] = "America/Sao_Paulo",
        ["Brasilia"] = "America/Sao_Paulo",
        ["São Paulo"] = "America/Sao_Paulo",
        ["Sao Paulo"] = "America/Sao_Paulo",
        ["Rio de Janeiro"] = "America/Sao_Paulo",
        ["Nairobi"] = "Africa/Nairobi",
        ["Kenya"] = "Africa/Nairobi",
        ["Kigali"] = "Africa/Kigali",
        ["Lagos"] = "Africa/Lagos",
        ["Abuja"] = "Africa/Lagos",
        ["Accra"] = "Africa/Accra",
        ["Addis Ababa"] = "Africa/Addis_Ababa",
        ["Cape Town"] = "Africa/Johannesburg",
        ["Johannesburg"] = "Africa/Johannesburg",
        ["New Delhi"] = "Asia/Kolkata",
        ["Delhi"] = "Asia/Kolkata",
        ["Bengaluru"] = "Asia/Kolkata",
        ["Bangalore"] = "Asia/Kolkata",
        ["Mumbai"] = "Asia/Kolkata",
        ["India"] = "Asia/Kolkata",
        ["Singapore"] = "Asia/Singapore",
        ["Tokyo"] = "Asia/Tokyo",
        ["Seoul"] = "Asia/Seoul",
        ["Canberra"] = "Australia/Sydney",

        // Several zones, or a name shared with a place in the UK.
        ["Washington"] = null,
        ["USA"] = null,
        ["United States"] = null,
        ["Canada"] = null,
        ["Brazil"] = null,
        ["Brasil"] = null,
        ["Australia"] = null,
        ["Mexico"] = null,
    };

    /// <summary>Zone abbreviations as people write them after a time; the UK's own name the default zone's UK.</summary>
    private static readonly Dictionary<string, string?> Abbreviations = new(StringComparer.Ordinal)
    {
        ["UK"] = "Europe/London",
        ["GMT"] = "Europe/London",
        ["BST"] = "Europe/London",
        ["UTC"] = "UTC",
        ["CET"] = "CET",
        ["CEST"] = "CET",
        ["ET"] = "America/New_York",
        ["EST"] = "America/New_York",
        ["EDT"] = "America/New_York",
        ["PT"] = "America/Los_Angeles",
        ["PST"] = "America/Los_Angeles",
        ["PDT"] = "America/Los_Angeles",
        ["EAT"] = "Africa/Nairobi",
        ["BRT"] = "America/Sao_Paulo",
    };

    /// <summary>The zone of a name written after a time, or null when it is not one the importer knows.</summary>
    public static PlaceZone? ForAbbreviation(string name) =>
        Abbreviations.TryGetValue(name, out var zone) ? new PlaceZone(name, zone) : null;

    /// <summary>
    /// The places <paramref name="text"/> names: one zone when all of them agree, a zone-less answer when
    /// they differ or a name spans several zones, null when it names none.
    /// </summary>
    public static PlaceZone? In(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = PlaceNames().Matches(text)
            .Select(m => Spaces().Replace(m.Value.Replace(".", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal), " "))
            .Select(name => new PlaceZone(name, Zones[name]))
            .ToList();
        if (found.Count == 0)
        {
            return null;
        }

        var zones = found.Select(p => p.ZoneId).Distinct().ToList();
        return zones.Count == 1 && zones[0] is not null
            ? found[0]
            : new PlaceZone(string.Join(", ", found.Select(p => p.Name).Distinct()), null);
    }

    // Longest names first, so that "Washington, DC" wins over "Washington" and "New Delhi" over "Delhi";
    // names must be capitalised as names are, and "Washington" before "State" is the other coast.
    [GeneratedRegex(@"\b(?:New\s+York|NYC|Washington,?\s+D\.?C\.?|Washington(?!\s+State)|The\s+Hague|San\s+Francisco|Rio\s+de\s+Janeiro|Addis\s+Ababa|Cape\s+Town|New\s+Delhi|S[ãa]o\s+Paulo|United\s+States|Bras[íi]lia|Paris|France|Strasbourg|Lyon|Brussels|Belgium|Geneva|Zurich|Switzerland|Berlin|Munich|Germany|Amsterdam|Netherlands|Luxembourg|Madrid|Barcelona|Rome|Milan|Vienna|Copenhagen|Stockholm|Oslo|Helsinki|Tallinn|Warsaw|Lisbon|Dublin|Athens|Toronto|Montreal|Ottawa|Chicago|Nairobi|Kenya|Kigali|Lagos|Abuja|Accra|Johannesburg|Delhi|Bengaluru|Bangalore|Mumbai|India|Singapore|Tokyo|Seoul|Canberra|USA|Canada|Brazil|Brasil|Australia|Mexico)\b")]
    private static partial Regex PlaceNames();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
