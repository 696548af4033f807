using Registration.Web.Domain;

namespace Registration.Tests.Domain;

public class ValueObjectTests
{
    [Theory]
    [InlineData("Online", LocationKind.Online, null)]
    [InlineData(" online ", LocationKind.Online, null)]
    [InlineData("Manchester (venue TBC)", LocationKind.InPerson, "Manchester (venue TBC)")]
    [InlineData("", LocationKind.ToBeConfirmed, null)]
    [InlineData(null, LocationKind.ToBeConfirmed, null)]
    public void Locations_parse_online_or_a_venue(string? text, LocationKind kind, string? venue)
    {
        var location = EventLocation.Parse(text);

        Assert.Equal(kind, location.Kind);
        Assert.Equal(venue, location.Venue);
    }

    [Fact]
    public void A_venue_has_a_length_limit()
    {
        Assert.Throws<DomainException>(() => EventLocation.InPerson(new string('v', EventLocation.MaxVenueLength + 1)));
    }

    [Theory]
    [InlineData("Data & AI: Community of Practice!", "data-ai-community-of-practice")]
    [InlineData("Siân Ó Dálaigh's Zoë event", "sian-o-dalaigh-s-zoe-event")]
    [InlineData("2025-07-09-community-of-practice", "2025-07-09-community-of-practice")]
    public void Slugs_are_made_from_text(string text, string slug)
    {
        Assert.Equal(slug, Slugs.From(text));
        Assert.True(Slugs.IsValid(slug));
    }

    [Fact]
    public void A_choice_question_needs_two_options()
    {
        Assert.Throws<DomainException>(() => EventQuestion.Create("", "Which session?", QuestionKind.SingleChoice, ["Morning"], required: true));
        var question = EventQuestion.Create("", "Which session?", QuestionKind.SingleChoice, ["Morning", "Afternoon", "Morning"], required: true);
        Assert.Equal("which-session", question.Key);
        Assert.Equal(["Morning", "Afternoon"], question.Options);
    }

    [Theory]
    [InlineData("2026-11-21T09:00:00Z", "2026-12-09T14:00:00")]
    [InlineData("2026-12-09T13:59:00Z", "2026-12-09T14:00:00")]
    [InlineData("2026-12-09T14:00:00Z", "2027-01-13T14:00:00")]
    [InlineData("2025-07-01T00:00:00Z", "2025-07-09T14:00:00")]
    [InlineData("2025-07-09T13:00:00Z", "2025-08-13T14:00:00")]
    public void The_next_second_Wednesday_meeting_is_found_in_UK_time(string nowUtc, string expectedLocal)
    {
        var meetings = new MonthlyMeeting(2, DayOfWeek.Wednesday, new TimeOnly(14, 0), "Europe/London");

        var next = meetings.NextAfter(DateTime.Parse(nowUtc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));

        Assert.Equal(DateTime.Parse(expectedLocal, System.Globalization.CultureInfo.InvariantCulture), next);
    }
}
