using System.Net;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.Events;

public sealed class PublicPageCacheTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_cached_page_is_shared_without_a_cookie_and_a_saved_change_shows_at_once()
    {
        var client = _app.CreateClient();
        using var first = await client.GetAsync(new Uri("/events/2026-03-06-conference", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/events/2026-03-06-conference", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(second.Headers.Age.HasValue, "the second request is served from the page cache");
        Assert.False(second.Headers.Contains("Set-Cookie"));
        Assert.Equal(["nosniff"], second.Headers.GetValues("X-Content-Type-Options"));

        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            var ev = await db.Events.SingleAsync(e => e.Slug == "2026-03-06-conference");
            ev.Relocate(EventLocation.InPerson("Manchester Central Library"));
            await db.SaveChangesAsync();
        }

        var after = await HttpPage.GetAsync(client, "/events/2026-03-06-conference");
        Assert.Contains("Manchester Central Library", after.Text, StringComparison.Ordinal);
    }
}
