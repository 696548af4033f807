using System.Diagnostics;
using System.Net;
using System.Text;
using Registration.Tests.Features.Events;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Calendar;

namespace Registration.Tests.Features.Calendar;

public sealed class IcsTests : IClassFixture<PublicPagesTests.App>
{
    private readonly PublicPagesTests.App _app;
    private readonly HttpClient _client;

    public IcsTests(PublicPagesTests.App app)
    {
        _app = app;
        _client = app.CreateClient();
    }

    [Fact]
    public async Task Conference_starts_at_10_00_UK_time_which_is_10_00Z_in_winter()
    {
        using var response = await _client.GetAsync(new Uri("/events/2026-03-06-conference/calendar.ics", UriKind.Relative));
        var ics = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"2026-03-06-conference.ics\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Contains("\r\nDTSTART:20260306T100000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND:20260306T170000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nMETHOD:PUBLISH\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nLOCATION:Manchester (venue TBC)\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nURL:https://events.example.org/events/2026-03-06-conference\r\n", ics, StringComparison.Ordinal);
        AssertWellFormed(ics);
    }

    [Fact]
    public async Task July_meeting_starts_at_14_00_UK_time_which_is_13_00Z_in_summer()
    {
        var ics = await _client.GetStringAsync(new Uri("/events/2025-07-09-community-of-practice/calendar.ics", UriKind.Relative));

        Assert.Contains("\r\nDTSTART:20250709T130000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nLOCATION:Online\r\n", ics, StringComparison.Ordinal);
        AssertWellFormed(ics);
    }

    [Fact]
    public async Task The_feed_holds_each_upcoming_event_once_with_a_stable_uid()
    {
        var first = await _client.GetStringAsync(new Uri("/events.ics", UriKind.Relative));
        var second = await _client.GetStringAsync(new Uri("/events.ics", UriKind.Relative));

        Assert.Equal(3, CountOf(first, "BEGIN:VEVENT"));
        Assert.Equal(Uids(first), Uids(second));
        Assert.Equal(3, Uids(first).Distinct().Count());
        AssertWellFormed(first);
    }

    [Fact]
    public async Task A_real_iCalendar_parser_reads_the_feed_with_the_right_start_times()
    {
        var feed = await _client.GetStringAsync(new Uri("/events.ics", UriKind.Relative));

        var parsed = await PythonIcalendar.ReadAsync(feed);

        Assert.Contains("Power and participation in public tech|2026-03-06 10:00:00+00:00", parsed, StringComparison.Ordinal);
        Assert.Contains("Data and AI public engagement: Community of Practice|2025-07-09 13:00:00+00:00", parsed, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_lines_fold_at_75_octets_without_splitting_characters_and_text_is_escaped()
    {
        var ev = Event.Create("folding", new EventDetails
        {
            Title = string.Concat(Enumerable.Repeat("Siân Ó Dálaigh; Zoë, 🎉 ", 7)),
            Schedule = EventSchedule.OnDays(new DateOnly(2030, 1, 1), new DateOnly(2030, 1, 2), "Europe/London"),
            Excerpt = "Line one\nLine two \\ backslash",
        }, DateTime.UtcNow);

        var ics = new IcsWriter("PUBLISH").AddEvent(ev, new Uri("https://events.example.org/events/folding"), DateTime.UtcNow).ToString();

        AssertWellFormed(ics);
        Assert.Contains("\r\nDTSTART;VALUE=DATE:20300101\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND;VALUE=DATE:20300103\r\n", ics, StringComparison.Ordinal);
        var unfolded = ics.Replace("\r\n ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Siân Ó Dálaigh\\; Zoë\\, 🎉 Siân", unfolded, StringComparison.Ordinal);
        Assert.Contains("Line one Line two \\\\ backslash", unfolded, StringComparison.Ordinal);
    }

    private static void AssertWellFormed(string ics)
    {
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        foreach (var line in ics.Split("\r\n"))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"line longer than 75 octets: {line}");
            Assert.DoesNotContain('\uFFFD', line);
        }

        var events = CountOf(ics, "BEGIN:VEVENT");
        Assert.Equal(events, CountOf(ics, "\r\nUID:"));
        Assert.Equal(events, CountOf(ics, "\r\nDTSTAMP:"));
        Assert.Equal(events, CountOf(ics, "\r\nDTSTART"));
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;

    private static List<string> Uids(string ics) =>
        ics.Split("\r\n").Where(l => l.StartsWith("UID:", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
}

/// <summary>Debian's python3-icalendar, a real parser, reads what we write; the test script installs it.</summary>
internal static class PythonIcalendar
{
    private const string Script = """
        import sys, icalendar
        cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
        for ev in cal.walk("VEVENT"):
            print(f"{ev.get('summary')}|{ev.decoded('dtstart')}")
        """;

    public static async Task<string> ReadAsync(string ics)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(ics);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"python3-icalendar could not parse the calendar: {error}");
        return output;
    }
}
