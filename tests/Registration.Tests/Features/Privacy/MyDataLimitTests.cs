using System.Net;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.Privacy;

/// <summary>
/// The form that emails a link to a person's data cannot be used to flood an address, nor be run through a
/// list of addresses: a few links an hour per address (on the app's clock), a few posts a minute per client.
/// </summary>
public sealed class MyDataLimitTests : IDisposable
{
    private readonly AppWithoutScheduler _app = new(new Dictionary<string, string>
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:DataAccessEmailsPerHour"] = "3",
        ["RateLimits:DataAccessRequestsPerMinute"] = "6",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_address_is_sent_three_links_an_hour_without_a_tell_and_a_client_is_held_to_its_posts_a_minute()
    {
        await TestEvents.AddAsync(_app.DbFactory, "limits", null, new DateTime(2026, 9, 10, 10, 0, 0));
        await MyDataClient.SignUpAsync(_app, "limits", "Flood Target", "target@example.org", "Org", "None", "None", null);
        var client = _app.CreateClient();

        var pages = new List<HttpPage>();
        for (var i = 0; i < 4; i++)
        {
            pages.Add(await MyDataClient.AskAsync(client, i % 2 == 0 ? "target@example.org" : "TARGET@example.org"));
        }

        Assert.All(pages, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        Assert.All(pages, p => Assert.Equal(MyDataTests.Normalised(pages[0].Html), MyDataTests.Normalised(p.Html)));
        Assert.Equal(3, await LinksAsync());

        // An hour later the address may be sent another.
        _app.Clock.Now += TimeSpan.FromHours(1);
        Assert.Equal(MyDataTests.Normalised(pages[0].Html), MyDataTests.Normalised((await MyDataClient.AskAsync(client, "target@example.org")).Html));
        Assert.Equal(4, await LinksAsync());

        // Six posts a minute from one client; the seventh is turned away whatever the address, and sends nothing.
        Assert.Equal(HttpStatusCode.OK, (await MyDataClient.AskAsync(client, "other@example.org")).Status);
        var refused = await MyDataClient.AskAsync(client, "someone-else@example.org");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(4, await LinksAsync());

        // Looking at the form is not counted.
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(client, "/my-data")).Status);
    }

    private async Task<int> LinksAsync()
    {
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        return await db.Outbox.CountAsync(m => m.Kind == MessageKind.DataAccessLink);
    }
}
