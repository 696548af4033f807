using Registration.Web.Domain;
using Registration.Web.Features.EventList;

namespace Registration.Tests.Features.EventList;

public class EventListQueryTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(null, EventListFilter.All)]
    [InlineData("", EventListFilter.All)]
    [InlineData("review", EventListFilter.Review)]
    [InlineData("PAST", EventListFilter.Past)]
    public void Filters_are_named_in_the_address(string? text, EventListFilter expected)
    {
        Assert.True(EventListQuery.TryParseFilter(text, out var filter));
        Assert.Equal(expected, filter);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("everything")]
    [InlineData("Review,Past")]
    public void An_unknown_filter_name_is_refused(string text) => Assert.False(EventListQuery.TryParseFilter(text, out _));

    [Fact]
    public void Each_filter_shows_its_events_and_counts_the_others()
    {
        var rows = new[]
        {
            Row(1, "soon", Now.AddDays(2)),
            Row(2, "later-draft", Now.AddDays(20), EventStatus.Draft),
            Row(3, "last-year", Now.AddDays(-300), needsReview: true),
            Row(4, "called-off", Now.AddDays(5), EventStatus.Cancelled),
            Row(5, "last-week", Now.AddDays(-7), needsReview: true),
        };

        var result = EventListQuery.Select(rows, EventListFilter.Review, null, 1, Now);

        Assert.Equal(["last-week", "last-year"], result.Rows.Select(r => r.Slug));
        Assert.Equal(5, result.Counts[EventListFilter.All]);
        Assert.Equal(2, result.Counts[EventListFilter.Upcoming]);
        Assert.Equal(2, result.Counts[EventListFilter.Past]);
        Assert.Equal(1, result.Counts[EventListFilter.Drafts]);
        Assert.Equal(2, result.Counts[EventListFilter.Review]);
        Assert.Equal(1, result.Counts[EventListFilter.Cancelled]);
        Assert.Equal(["soon", "later-draft"], EventListQuery.Select(rows, EventListFilter.Upcoming, null, 1, Now).Rows.Select(r => r.Slug));
    }

    [Fact]
    public void All_events_read_from_the_next_one_to_the_oldest()
    {
        var rows = new[] { Row(1, "old", Now.AddDays(-30)), Row(2, "far", Now.AddDays(60)), Row(3, "recent", Now.AddDays(-1)), Row(4, "next", Now.AddDays(1)) };

        var result = EventListQuery.Select(rows, EventListFilter.All, null, 1, Now);

        Assert.Equal(["next", "far", "recent", "old"], result.Rows.Select(r => r.Slug));
    }

    [Theory]
    [InlineData("brasilia", "brasil")]
    [InlineData("BRASÍLIA", "brasil")]
    [InlineData("fringe paris", "paris-hub")]
    [InlineData("hub fringe", "paris-hub")]
    [InlineData("commons", "select-committee")]
    [InlineData("community of practice", "meetup-12")]
    [InlineData("\"open ledger\"", "quoted")]
    public void Search_ignores_case_and_accents_and_finds_every_word_in_title_address_venue_or_series(string search, string slug)
    {
        var rows = new[]
        {
            Row(1, "brasil", Now.AddDays(-3), title: "Dados e participação em Brasília"),
            Row(2, "paris-hub", Now.AddDays(-3), title: "Public Voice @ The Fringe Paris Hub"),
            Row(3, "select-committee", Now.AddDays(-3), venue: "Committee Room 9, House of Commons"),
            Row(4, "meetup-12", Now.AddDays(-3), series: "Community of Practice"),
            Row(5, "quoted", Now.AddDays(-3), title: "Building the “Open Ledger” together"),
        };

        var result = EventListQuery.Select(rows, EventListFilter.All, search, 1, Now);

        Assert.Equal([slug], result.Rows.Select(r => r.Slug));
    }

    [Fact]
    public void Pages_hold_25_and_a_page_past_the_end_shows_the_last()
    {
        var rows = Enumerable.Range(1, 60).Select(i => Row(i, $"event-{i:D2}", Now.AddDays(-i))).ToList();

        var second = EventListQuery.Select(rows, EventListFilter.Past, null, 2, Now);
        var beyond = EventListQuery.Select(rows, EventListFilter.Past, null, 99, Now);
        var before = EventListQuery.Select(rows, EventListFilter.Past, null, -4, Now);

        Assert.Equal(60, second.Matching);
        Assert.Equal(3, second.Pages);
        Assert.Equal("event-26", second.Rows[0].Slug);
        Assert.Equal(25, second.Rows.Count);
        Assert.Equal(3, beyond.Page);
        Assert.Equal(10, beyond.Rows.Count);
        Assert.Equal(1, before.Page);
    }

    private static EventListRow Row(int id, string slug, DateTime startsUtc, EventStatus status = EventStatus.Published, bool needsReview = false, string? title = null, string? venue = null, string? series = null) =>
        new(
            id,
            slug,
            title ?? $"Event {slug}",
            status,
            EventSchedule.At(startsUtc, startsUtc.AddHours(2), "UTC"),
            venue is null ? EventLocation.Online : EventLocation.InPerson(venue),
            series,
            needsReview,
            null,
            needsReview ? ["A note."] : []);
}
