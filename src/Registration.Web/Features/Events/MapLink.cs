using System.Text.RegularExpressions;
using Registration.Web.Domain;

namespace Registration.Web.Features.Events;

/// <summary>
/// The map beside an in-person venue: the organiser's own <see cref="Event.MapUrl"/>, or else an
/// OpenStreetMap search for the venue's text (no key, no tracking script, works for any address people
/// type). Online events and places still to be confirmed have none. One place for the event page, the
/// page after registering, the manage page and emails. <paramref name="Label"/> is the link's full name for
/// a screen reader: it begins with the visible word "Map" and says where the link goes.
/// </summary>
public sealed partial record MapLink(Uri Url, string Label)
{
    private const string Search = "https://www.openstreetmap.org/search?query=";

    public static MapLink? For(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return For(ev.Location, ev.MapUrl);
    }

    public static MapLink? For(EventLocation location, string? mapUrl)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Kind != LocationKind.InPerson)
        {
            return null;
        }

        // The organiser's own link wins even over a venue still marked TBC: they chose the place to show.
        var venue = location.Venue!;
        if (mapUrl is not null)
        {
            return new MapLink(new Uri(mapUrl), $"Map of {venue}, opens in a new tab");
        }

        // "Manchester (venue TBC)" gets no search: a map pin for the city centre looks like the venue and
        // invites people to plan a journey to the wrong door, and the city alone is no help worth a link.
        // The link appears once the venue is written in.
        return StillToBeConfirmed().IsMatch(venue)
            ? null
            : new MapLink(new Uri(Search + Uri.EscapeDataString(venue)), $"Map of {venue} on OpenStreetMap, opens in a new tab");
    }

    [GeneratedRegex(@"\b(TBC|TBA|TBD|to be (confirmed|announced|decided|arranged))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StillToBeConfirmed();
}
