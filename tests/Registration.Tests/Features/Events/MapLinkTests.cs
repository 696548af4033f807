using Registration.Web.Domain;
using Registration.Web.Features.Events;

namespace Registration.Tests.Features.Events;

public sealed class MapLinkTests
{
    [Theory]
    [InlineData("Friends Meeting House, Manchester", "https://www.openstreetmap.org/search?query=Friends%20Meeting%20House%2C%20Manchester")]
    [InlineData("Café Rouge & Bar, 6 Rue d'Ulm, Paris", "https://www.openstreetmap.org/search?query=Caf%C3%A9%20Rouge%20%26%20Bar%2C%206%20Rue%20d%27Ulm%2C%20Paris")]
    [InlineData("Tbilisi Public Library", "https://www.openstreetmap.org/search?query=Tbilisi%20Public%20Library")]
    public void A_known_venue_is_searched_on_OpenStreetMap(string venue, string expected)
    {
        var link = MapLink.For(EventLocation.InPerson(venue), mapUrl: null);

        Assert.Equal(expected, link!.Url.AbsoluteUri);
        Assert.Equal($"Map of {venue} on OpenStreetMap, opens in a new tab", link.Label);
    }

    [Theory]
    [InlineData("Manchester (venue TBC)")]
    [InlineData("TBA")]
    [InlineData("London, venue to be confirmed")]
    [InlineData("Venue to be announced")]
    public void A_venue_still_to_be_confirmed_has_no_map_unless_the_organiser_gives_one(string venue)
    {
        Assert.Null(MapLink.For(EventLocation.InPerson(venue), mapUrl: null));
        Assert.Equal("https://example.org/map", MapLink.For(EventLocation.InPerson(venue), "https://example.org/map")!.Url.AbsoluteUri);
    }

    [Fact]
    public void Online_and_unknown_places_have_no_map_even_with_a_map_url()
    {
        Assert.Null(MapLink.For(EventLocation.Online, "https://example.org/map"));
        Assert.Null(MapLink.For(EventLocation.ToBeConfirmed, "https://example.org/map"));
    }
}
