using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Notifications;

namespace Registration.Tests.Features.Notifications;

/// <summary>The words of a daily summary, and the day it covers, without a database.</summary>
public sealed class NoticeTextTests
{
    private static readonly TimeZoneInfo London = EventSchedule.FindTimeZone("Europe/London");

    [Theory]
    [InlineData("2025-10-26T08:30:00Z", "2025-10-25T07:00:00Z", "2025-10-26T08:00:00Z")] // the clocks went back: a day of 25 hours
    [InlineData("2025-03-30T07:00:00Z", "2025-03-29T08:00:00Z", "2025-03-30T07:00:00Z")] // the clocks went forward: 23 hours
    [InlineData("2025-06-10T06:59:59Z", "2025-06-08T07:00:00Z", "2025-06-09T07:00:00Z")] // before 08:00: the day before yesterday's morning to yesterday's
    public void A_day_runs_from_one_08_00_uk_time_to_the_next(string nowUtc, string startUtc, string endUtc)
    {
        var (start, end) = DailyDigests.LatestDay(Utc(nowUtc), London);

        Assert.Equal(Utc(startUtc), start);
        Assert.Equal(Utc(endUtc), end);
    }

    [Fact]
    public void A_summary_of_hundreds_of_long_names_fits_one_email_and_still_lists_the_cancellations()
    {
        var ev = Event.Create("busy", new EventDetails
        {
            Title = "Busy day",
            Schedule = EventSchedule.At(new DateTime(2031, 1, 20, 14, 0, 0), new DateTime(2031, 1, 20, 16, 0, 0), "Europe/London"),
            Location = EventLocation.Online,
            Description = "A test event.",
        }, Utc("2030-01-01T00:00:00Z"));
        var now = Utc("2030-06-01T12:00:00Z");
        var signedUp = Enumerable.Range(1, 300).Select(i => Person($"{i:D3} {new string('n', 190)}", "o" + new string('x', 190), now)).ToList();
        var cancelled = Enumerable.Range(1, 3).Select(i => Person($"Cancelled {i}", null, now)).ToList();

        var (subject, body) = NoticeText.Digest(ev, now.AddDays(-1), now, "Europe/London", signedUp, cancelled, new AttendeeCounts(300, 0, 3, 0, null));

        Assert.Equal("Daily summary: 300 sign-ups, 3 cancellations for Busy day", subject);
        Assert.True(body.Length <= OutboxMessage.MaxBodyLength, $"{body.Length} characters");
        Assert.Matches(@"\n… and \d+ more: see the attendee list\.\nCancelled \(3\):\n• Cancelled 1\n• Cancelled 2\n• Cancelled 3\nNow: 300 confirmed \(no limit\), 0 waiting\.\n", body);
        Assert.Contains($"• 001 {new string('n', 190)} (o{new string('x', 190)}): has a place\n", body, StringComparison.Ordinal);
    }

    private static EventRegistration Person(string name, string? organisation, DateTime nowUtc)
    {
        var details = SignUpDetails.Validate(new SignUpInput(name, "someone@example.org", organisation, null, null, new Dictionary<string, string?>(), true), [], out var errors)
            ?? throw new InvalidOperationException(string.Join("; ", errors.Values));
        return EventRegistration.Create(1, details, placeAvailable: true, nowUtc).Registration;
    }

    private static DateTime Utc(string iso) => DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
}
