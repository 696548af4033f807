using System.Net;
using Registration.Tests.Support;

namespace Registration.Tests.Features.Organisers;

/// <summary>
/// Live organiser pages render only once their circuit is up, so the status of their answer is set before
/// they run, from what their address names (ItemInAddressAttribute): a missing event or code answers 404.
/// </summary>
public sealed class OrganiserNotFoundTests(OrganiserNotFoundTests.App app) : IClassFixture<OrganiserNotFoundTests.App>
{
    private const string Known = "2026-03-06-conference";
    private const string LiveComponent = "<!--Blazor:{\"type\":\"server\"";
    private readonly App _app = app;

    [Theory]
    [InlineData("/organiser/events/{0}")]
    [InlineData("/organiser/events/{0}/door")]
    [InlineData("/organiser/events/{0}/email")]
    [InlineData("/organiser/events/{0}/edit")]
    [InlineData("/organiser/events/{0}/notifications")]
    public async Task An_event_page_answers_404_for_an_unknown_event_and_200_for_a_known_one(string address)
    {
        var organiser = await OrganiserClient.SignedInAsync(_app, $"{Guid.NewGuid():N}@example.org");

        var missing = await HttpPage.GetAsync(organiser, string.Format(System.Globalization.CultureInfo.InvariantCulture, address, "no-such-event"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);

        // The page itself still comes, to say once live what it could not find (EventNotFound).
        Assert.Contains(LiveComponent, missing.Html, StringComparison.Ordinal);

        var found = await HttpPage.GetAsync(organiser, string.Format(System.Globalization.CultureInfo.InvariantCulture, address, Known));
        Assert.Equal(HttpStatusCode.OK, found.Status);
    }

    [Fact]
    public async Task Pages_that_name_no_event_answer_200_and_an_unknown_organiser_address_404()
    {
        var organiser = await OrganiserClient.SignedInAsync(_app, $"{Guid.NewGuid():N}@example.org");

        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(organiser, "/organiser/events/new")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(organiser, "/organiser")).Status);

        var unknown = await HttpPage.GetAsync(organiser, "/organiser/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("Page not found", unknown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_in_address_is_kept_secret_and_an_unknown_code_answers_404()
    {
        var organiser = await OrganiserClient.SignedInAsync(_app, $"{Guid.NewGuid():N}@example.org");

        using var response = await organiser.GetAsync(new Uri("/organiser/check-in/not-a-real-code", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
    }

    /// <summary>The app with its sample events, shared by the tests here.</summary>
    public sealed class App : RegistrationAppFactory;
}
