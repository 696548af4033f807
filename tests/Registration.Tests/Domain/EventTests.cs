using Registration.Web.Domain;

namespace Registration.Tests.Domain;

public class EventTests
{
    [Fact]
    public void A_new_event_is_a_draft_with_a_calendar_identity()
    {
        var ev = Event.Create("2026-03-06-conference", EventBuilder.Details(), EventBuilder.Now);

        Assert.Equal(EventStatus.Draft, ev.Status);
        Assert.NotEqual(Guid.Empty, ev.CalendarUid);
        Assert.Equal(0, ev.CalendarSequence);
        Assert.Equal(RegistrationAvailability.NotPublished, ev.GetAvailability(EventBuilder.Now));
    }

    [Fact]
    public void An_edit_here_is_remembered_only_when_it_changes_something_until_a_page_replaces_it()
    {
        var ev = Event.Create("2026-03-06-conference", EventBuilder.Details(), EventBuilder.Now);
        Assert.Null(ev.EditedHereAtUtc);

        Assert.False(ev.EditHere(EventBuilder.Details(), EventBuilder.Now.AddHours(1)));
        Assert.Null(ev.EditedHereAtUtc);

        Assert.True(ev.EditHere(EventBuilder.Details(d => d with { Capacity = 20 }), EventBuilder.Now.AddHours(2)));
        Assert.Equal(EventBuilder.Now.AddHours(2), ev.EditedHereAtUtc);
        Assert.Equal(StatusChangeOutcome.Changed, ev.Publish());
        Assert.Equal(EventBuilder.Now.AddHours(2), ev.EditedHereAtUtc);

        ev.ReplaceEditsWith(EventBuilder.Details(), EventBuilder.Now.AddHours(3));
        Assert.Null(ev.EditedHereAtUtc);
        Assert.Equal(150, ev.Capacity);
        Assert.Equal(EventBuilder.Now.AddHours(3), Event.CreateHere("2026-04-06-written-here", EventBuilder.Details(), EventBuilder.Now.AddHours(3)).EditedHereAtUtc);
    }

    [Theory]
    [InlineData("Has Spaces")]
    [InlineData("UPPER")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("")]
    public void Slugs_must_be_lowercase_words_joined_by_single_hyphens(string slug)
    {
        Assert.Throws<DomainException>(() => Event.Create(slug, EventBuilder.Details(), EventBuilder.Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_title_is_required(string title)
    {
        var ex = Assert.Throws<DomainException>(() => Event.Create("x", EventBuilder.Details(d => d with { Title = title }), EventBuilder.Now));
        Assert.Equal("A title is required.", ex.Message);
    }

    [Theory]
    [InlineData("Launch\0 party", "U+0000 at character 7")]
    [InlineData("Launch\tparty", "U+0009 at character 7")]
    [InlineData("Launch\nparty", "U+000A at character 7")]
    [InlineData("Launch\u007Fparty", "U+007F at character 7")]
    [InlineData("Launch\u0085party", "U+0085 at character 7")]
    [InlineData("Free \u202Eeert", "U+202E at character 6")]
    [InlineData("Free \u202Aeert\u202C", "U+202A at character 6")]
    [InlineData("Free \u202Deert", "U+202D at character 6")]
    [InlineData("Free \u2066eert\u2069", "U+2066 at character 6")]
    [InlineData("Free \u2068eert", "U+2068 at character 6")]
    public void A_title_with_a_control_character_or_a_direction_override_is_refused(string title, string where)
    {
        var ex = Assert.Throws<DomainException>(() => Event.Create("x", EventBuilder.Details(d => d with { Title = title }), EventBuilder.Now));
        Assert.Equal($"The title must not contain control characters or text direction overrides ({where}).", ex.Message);
    }

    [Theory]
    [InlineData("مؤتمر البيانات 2025")]
    [InlineData("Data \u200Fand\u200E AI")]
    [InlineData("Café – “quoted” 🎉")]
    public void A_title_in_any_script_with_direction_marks_is_kept(string title)
    {
        Assert.Equal(title, Event.Create("x", EventBuilder.Details(d => d with { Title = title }), EventBuilder.Now).Title);
    }

    [Fact]
    public void A_title_longer_than_200_characters_is_refused()
    {
        Assert.Throws<DomainException>(() => Event.Create("x", EventBuilder.Details(d => d with { Title = new string('a', 201) }), EventBuilder.Now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1_000_001)]
    public void Capacity_is_at_least_one_or_unlimited(int capacity)
    {
        Assert.Throws<DomainException>(() => EventBuilder.Published(d => d with { Capacity = capacity }));
        Assert.Null(EventBuilder.Published(d => d with { Capacity = null }).Capacity);
    }

    [Fact]
    public void Registration_must_close_after_it_opens_and_by_the_end_of_the_event()
    {
        var opens = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Throws<DomainException>(() => EventBuilder.Published(d => d with { RegistrationOpensAtUtc = opens, RegistrationClosesAtUtc = opens }));
        Assert.Throws<DomainException>(() => EventBuilder.Published(d => d with { RegistrationClosesAtUtc = new DateTime(2026, 3, 7, 0, 0, 0, DateTimeKind.Utc) }));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.org/file")]
    [InlineData("not a url")]
    public void Links_must_be_web_addresses(string url)
    {
        Assert.Throws<DomainException>(() => EventBuilder.Published(d => d with { OnlineJoinUrl = url }));
        Assert.Throws<DomainException>(() => EventBuilder.Published(d => d with { ExternalUrl = url }));
    }

    [Fact]
    public void Reminder_offsets_are_kept_largest_first_without_repeats()
    {
        var ev = EventBuilder.Published(d => d with { ReminderOffsetsMinutes = [60, 1440, 60] });

        Assert.Equal([1440, 60], ev.ReminderOffsetsMinutes);
        Assert.Throws<DomainException>(() => EventBuilder.Published(d => d with { ReminderOffsetsMinutes = [0] }));
    }

    [Fact]
    public void Questions_may_not_share_a_key()
    {
        var question = EventQuestion.Create("diet", "Dietary needs", QuestionKind.Text, null, required: false);
        Assert.Throws<DomainException>(() => EventBuilder.Published(d => d with { Questions = [question, question] }));
    }

    [Fact]
    public void Applying_the_same_details_again_changes_nothing()
    {
        var ev = EventBuilder.Published();

        Assert.False(ev.ApplyDetails(EventBuilder.Details(), EventBuilder.Now.AddDays(1)));
        Assert.Equal(EventBuilder.Now, ev.UpdatedAtUtc);
        Assert.Equal(0, ev.CalendarSequence);
    }

    [Fact]
    public void A_new_time_or_place_moves_the_calendar_sequence_on()
    {
        var ev = EventBuilder.Published();
        var later = EventBuilder.Now.AddDays(1);

        Assert.True(ev.ApplyDetails(EventBuilder.Details(d => d with { Location = EventLocation.InPerson("Manchester Central Library") }), later));
        Assert.Equal(1, ev.CalendarSequence);
        Assert.Equal(later, ev.UpdatedAtUtc);

        Assert.True(ev.Reschedule(EventSchedule.At(new DateTime(2026, 3, 6, 9, 30, 0), new DateTime(2026, 3, 6, 17, 0, 0), "Europe/London")));
        Assert.Equal(2, ev.CalendarSequence);

        Assert.True(ev.ApplyDetails(EventBuilder.Details(d => d with { Description = "New text", Location = EventLocation.InPerson("Manchester Central Library"), Schedule = ev.Schedule }), later));
        Assert.Equal(2, ev.CalendarSequence);
    }

    [Fact]
    public void Status_changes_are_guarded()
    {
        var ev = Event.Create("x", EventBuilder.Details(), EventBuilder.Now);

        Assert.Equal(StatusChangeOutcome.Changed, ev.Publish());
        Assert.Equal(StatusChangeOutcome.AlreadyInThatState, ev.Publish());
        Assert.Equal(StatusChangeOutcome.Changed, ev.Unpublish());
        Assert.Equal(StatusChangeOutcome.Changed, ev.Cancel());
        Assert.Equal(1, ev.CalendarSequence);
        Assert.Equal(StatusChangeOutcome.AlreadyInThatState, ev.Cancel());
        Assert.Equal(StatusChangeOutcome.NotAllowedWhenCancelled, ev.Publish());
        Assert.Equal(StatusChangeOutcome.NotAllowedWhenCancelled, ev.Unpublish());
        Assert.Equal(EventStatus.Cancelled, ev.Status);
    }

    [Fact]
    public void Availability_follows_the_registration_window_and_the_event_life_cycle()
    {
        var opens = new DateTime(2026, 2, 1, 9, 0, 0, DateTimeKind.Utc);
        var closes = new DateTime(2026, 3, 5, 12, 0, 0, DateTimeKind.Utc);
        var ev = EventBuilder.Published(d => d with { RegistrationOpensAtUtc = opens, RegistrationClosesAtUtc = closes });

        Assert.Equal(RegistrationAvailability.NotOpenYet, ev.GetAvailability(opens.AddTicks(-1)));
        Assert.Equal(RegistrationAvailability.Open, ev.GetAvailability(opens));
        Assert.Equal(RegistrationAvailability.Closed, ev.GetAvailability(closes));
        Assert.Equal(RegistrationAvailability.Finished, ev.GetAvailability(ev.Schedule.EndsAtUtc));
        ev.Cancel();
        Assert.Equal(RegistrationAvailability.Cancelled, ev.GetAvailability(opens));
    }

    [Fact]
    public void Without_a_window_registration_is_open_until_the_event_starts()
    {
        var ev = EventBuilder.Published();

        Assert.Equal(RegistrationAvailability.Open, ev.GetAvailability(ev.Schedule.StartsAtUtc.AddMinutes(-1)));
        Assert.Equal(RegistrationAvailability.Closed, ev.GetAvailability(ev.Schedule.StartsAtUtc));
    }

    [Fact]
    public void An_opening_still_to_be_announced_keeps_registration_closed()
    {
        var ev = EventBuilder.Published(d => d with { RegistrationOpeningNote = "Early 2026" });

        Assert.Equal(RegistrationAvailability.NotOpenYet, ev.GetAvailability(EventBuilder.Now));
    }

    [Fact]
    public void Topics_are_trimmed_and_kept_once()
    {
        var ev = EventBuilder.Published(d => d with { Topics = [" Public sector", "public sector", "", "People and Participation"] });

        Assert.Equal(["Public sector", "People and Participation"], ev.Topics);
    }
}
