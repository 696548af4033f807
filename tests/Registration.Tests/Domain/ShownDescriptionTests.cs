using Registration.Web.Domain;

namespace Registration.Tests.Domain;

/// <summary>The description as shown: the stored text without the lines read into the event's time and place.</summary>
public class ShownDescriptionTests
{
    [Fact]
    public void Whole_lines_go_matched_after_trimming_and_the_same_words_in_a_sentence_stay()
    {
        var text = "Intro.\n  **Where:** Leeds  \nWe said **Where:** Leeds in the invitation.\n- **Where:** Leeds\n**Where:** Leeds, later";

        Assert.Equal(
            "Intro.\nWe said **Where:** Leeds in the invitation.\n**Where:** Leeds, later",
            Event.WithoutLines(text, ["**Where:** Leeds", "- **Where:** Leeds"]));
    }

    [Fact]
    public void A_paragraph_taken_out_leaves_one_gap_and_blank_lines_elsewhere_are_the_authors()
    {
        var text = "Intro.\n\n**When:** 1 March, 10:00-11:00\n\n**Where:** Leeds\n\nOutro.\n\n\n```\ncode\n\n\nmore\n```";

        Assert.Equal(
            "Intro.\n\nOutro.\n\n\n```\ncode\n\n\nmore\n```",
            Event.WithoutLines(text, ["**When:** 1 March, 10:00-11:00", "**Where:** Leeds"]));
    }

    [Fact]
    public void The_lines_are_kept_trimmed_once_each_and_count_as_a_change()
    {
        var ev = Event.Create("2026-03-06-conference", EventBuilder.Details(), EventBuilder.Now);
        var details = EventBuilder.Details() with { Description = "Intro.\n**Where:** Leeds", LinesReadIntoFields = [" **Where:** Leeds ", "**Where:** Leeds", ""] };

        Assert.True(ev.ApplyDetails(details, EventBuilder.Now));
        Assert.Equal(["**Where:** Leeds"], ev.LinesReadIntoFields);
        Assert.Equal("Intro.", ev.ShownDescription());
        Assert.False(ev.ApplyDetails(details, EventBuilder.Now));
        Assert.True(ev.ApplyDetails(details with { LinesReadIntoFields = [] }, EventBuilder.Now));
        Assert.Equal("Intro.\n**Where:** Leeds", ev.ShownDescription());
    }
}
