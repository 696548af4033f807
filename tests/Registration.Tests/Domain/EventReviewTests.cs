using Registration.Web.Domain;

namespace Registration.Tests.Domain;

public class EventReviewTests
{
    private static readonly string[] Guessed = ["Times 10:00–17:00 read from the page text."];

    [Fact]
    public void An_event_with_notes_needs_review_until_an_organiser_marks_it()
    {
        var ev = EventBuilder.Published(d => d with { ReviewNotes = Guessed });
        Assert.True(ev.NeedsReview);

        Assert.Equal(ReviewOutcome.Reviewed, ev.MarkReviewed(EventBuilder.Now));

        Assert.False(ev.NeedsReview);
        Assert.Equal(EventBuilder.Now, ev.ReviewedAtUtc);
        Assert.Equal(Guessed, ev.ReviewNotes);
        Assert.Equal(ReviewOutcome.AlreadyReviewed, ev.MarkReviewed(EventBuilder.Now.AddHours(1)));
        Assert.Equal(EventBuilder.Now, ev.ReviewedAtUtc);
    }

    [Fact]
    public void An_event_without_notes_has_nothing_to_review()
    {
        var ev = EventBuilder.Published();

        Assert.False(ev.NeedsReview);
        Assert.Equal(ReviewOutcome.NothingToReview, ev.MarkReviewed(EventBuilder.Now));
        Assert.Null(ev.ReviewedAtUtc);
    }

    [Fact]
    public void The_same_notes_again_stay_reviewed_and_change_nothing()
    {
        var ev = EventBuilder.Published(d => d with { ReviewNotes = Guessed });
        ev.MarkReviewed(EventBuilder.Now);

        var changed = ev.ApplyDetails(EventBuilder.Details(d => d with { ReviewNotes = [.. Guessed] }), EventBuilder.Now.AddDays(1));

        Assert.False(changed);
        Assert.False(ev.NeedsReview);
        Assert.Equal(EventBuilder.Now, ev.ReviewedAtUtc);
    }

    [Fact]
    public void Different_notes_need_a_fresh_review()
    {
        var ev = EventBuilder.Published(d => d with { ReviewNotes = Guessed });
        ev.MarkReviewed(EventBuilder.Now);

        var changed = ev.ApplyDetails(EventBuilder.Details(d => d with { ReviewNotes = ["No location found: shown as to be confirmed."] }), EventBuilder.Now.AddDays(1));

        Assert.True(changed);
        Assert.True(ev.NeedsReview);
        Assert.Null(ev.ReviewedAtUtc);
    }

    [Fact]
    public void Notes_read_before_they_changed_are_not_marked()
    {
        var ev = EventBuilder.Published(d => d with { ReviewNotes = Guessed });
        var read = Event.ReviewNotesStamp(ev.ReviewNotes);
        ev.ApplyDetails(EventBuilder.Details(d => d with { ReviewNotes = ["Location \"Leeds\" read from the page text."] }), EventBuilder.Now);

        Assert.Equal(ReviewOutcome.NotesChanged, ev.MarkReviewed(EventBuilder.Now, read));
        Assert.True(ev.NeedsReview);
        Assert.Equal(ReviewOutcome.Reviewed, ev.MarkReviewed(EventBuilder.Now, Event.ReviewNotesStamp(ev.ReviewNotes)));
    }

    [Fact]
    public void A_nul_character_is_dropped_from_the_text_so_nothing_after_it_is_lost_and_saving_again_changes_nothing()
    {
        var ev = EventBuilder.Published(d => d with { Description = "start \0 after the NUL", Excerpt = "start \0 after" });

        Assert.Equal("start  after the NUL", ev.Description);
        Assert.Equal("start  after", ev.Excerpt);
        Assert.False(ev.ApplyDetails(EventBuilder.Details(d => d with { Description = "start \0 after the NUL", Excerpt = "start \0 after" }), EventBuilder.Now));
    }

    [Fact]
    public void Notes_taken_away_leave_nothing_to_review()
    {
        var ev = EventBuilder.Published(d => d with { ReviewNotes = Guessed });

        ev.ApplyDetails(EventBuilder.Details(), EventBuilder.Now.AddDays(1));

        Assert.False(ev.NeedsReview);
        Assert.Empty(ev.ReviewNotes);
    }
}
