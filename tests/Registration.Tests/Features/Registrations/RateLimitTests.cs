using System.Net;
using Registration.Tests.Support;

namespace Registration.Tests.Features.Registrations;

public sealed class RateLimitTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new(seedSampleData: false, settings: new Dictionary<string, string>
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:SignUpsPerMinute"] = "3",
        ["RateLimits:ManageRequestsPerMinute"] = "4",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Sign_up_posts_beyond_the_limit_get_a_friendly_429_and_pages_stay_open()
    {
        await TestEvents.AddAsync(_app.DbFactory, "popular", capacity: null, new DateTime(2025, 7, 1, 10, 0, 0));
        var signUps = new SignUpClient(_app.CreateClient());
        var token = await signUps.TokenAsync("popular");

        for (var i = 1; i <= 3; i++)
        {
            var page = await signUps.PostAsync("popular", SignUpClient.Fields($"Person {i}", $"p{i}@example.org"), token);
            Assert.Equal("confirmed", SignUpClient.Status(page));
        }

        using var content = new FormUrlEncodedContent(new Dictionary<string, string>(SignUpClient.Fields("Person 4", "p4@example.org"))
        {
            ["_handler"] = "sign-up",
            ["__RequestVerificationToken"] = token,
        });
        using var refused = await signUps.Client.PostAsync(new Uri("/events/popular/register", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Please wait a minute", body, StringComparison.Ordinal);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(signUps.Client, "/events/popular/register")).Status);
        }
    }

    [Fact]
    public async Task Guessing_manage_links_is_limited()
    {
        var client = _app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await HttpPage.GetAsync(client, $"/manage?token=guess{i}")).Status);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 4).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);
    }
}
