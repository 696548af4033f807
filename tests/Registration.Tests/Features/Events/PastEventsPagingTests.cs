using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.Events;

public sealed class PastEventsPagingTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new(nowUtc: "2026-11-21T12:00:00Z", seedSampleData: false);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Past_events_come_newest_first_ten_to_a_page()
    {
        var client = _app.CreateClient();
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            for (var day = 1; day <= 25; day++)
            {
                var ev = Event.Create($"2026-01-{day:00}-past", new EventDetails
                {
                    Title = $"Past event {day}",
                    Schedule = EventSchedule.OnDays(new DateOnly(2026, 1, day), new DateOnly(2026, 1, day), "Europe/London"),
                }, DateTime.UtcNow);
                ev.Publish();
                db.Events.Add(ev);
            }

            await db.SaveChangesAsync();
        }

        var first = await HttpPage.GetAsync(client, "/");
        Assert.Contains("No upcoming events at the moment.", first.Text, StringComparison.Ordinal);
        Assert.Contains("Past event 25 ", first.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Past event 15 ", first.Text, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 3", first.Text, StringComparison.Ordinal);

        var third = await HttpPage.GetAsync(client, "/?page=3");
        Assert.Contains("Past event 5 ", third.Text, StringComparison.Ordinal);
        Assert.Contains("Past event 1 ", third.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Past event 6 ", third.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"?page=2\"", third.Html, StringComparison.Ordinal);

        var beyond = await HttpPage.GetAsync(client, "/?page=99");
        Assert.Contains("Page 3 of 3", beyond.Text, StringComparison.Ordinal);

        // Whatever is typed after ?page= gets a page of events, never an error.
        foreach (var odd in new[] { "abc", "-1", "99999999999999999999", "%EF%BC%92", "2.5", "" })
        {
            var page = await HttpPage.GetAsync(client, $"/?page={odd}");
            Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
            Assert.Contains("Page 1 of 3", page.Text, StringComparison.Ordinal);
        }
    }
}
