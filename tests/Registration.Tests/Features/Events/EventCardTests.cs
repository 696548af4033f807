using System.Net;
using Registration.Tests.Support;

namespace Registration.Tests.Features.Events;

/// <summary>Cards on the home page, over HTTP: a summary is cut to fit whatever its first paragraph holds.</summary>
public sealed class EventCardTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new(nowUtc: "2031-01-01T12:00:00Z", seedSampleData: false);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_summary_with_no_space_to_cut_at_is_cut_inside_its_long_word()
    {
        var longAddress = "https://example.org/" + new string('a', 300);
        await TestEvents.AddAsync(_app.DbFactory, "2031-02-01-long-word", null, new DateTime(2031, 2, 1, 10, 0, 0), d => d with { Excerpt = longAddress, Description = longAddress });
        await TestEvents.AddAsync(_app.DbFactory, "2031-02-02-long-text", null, new DateTime(2031, 2, 2, 10, 0, 0), d => d with { Excerpt = string.Join(' ', Enumerable.Repeat("word", 100)) });

        var home = await HttpPage.GetAsync(_app.CreateClient(), "/");

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Contains("https://example.org/" + new string('a', 260) + "…", home.Text, StringComparison.Ordinal);
        Assert.Contains("word word…", home.Text, StringComparison.Ordinal);
    }
}
