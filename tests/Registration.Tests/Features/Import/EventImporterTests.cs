using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.EventEditor;
using Registration.Web.Features.Import;

namespace Registration.Tests.Features.Import;

public sealed class EventImporterTests() : DatabaseTests("2030-01-01T12:00:00Z")
{
    private readonly TempDirectory _pages = new();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _pages.Dispose();
        }
    }

    [Fact]
    public async Task Extension_keys_set_every_field()
    {
        var result = await ImportOneAsync("anything.md", ImportFixtures.ExtensionKeys);

        Assert.Equal(ImportOutcome.Created, result.Outcome);
        Assert.Equal("monthly-meetup-january", result.Detail);
        var ev = await LoadAsync("monthly-meetup-january");
        Assert.Equal(EventStatus.Published, ev.Status);
        Assert.Equal(new DateTime(2031, 1, 15, 14, 0, 0, DateTimeKind.Utc), ev.Schedule.StartsAtUtc);
        Assert.Equal(new DateTime(2031, 1, 15, 15, 30, 0, DateTimeKind.Utc), ev.Schedule.EndsAtUtc);
        Assert.True(ev.Location.IsOnline);
        Assert.Equal("https://zoom.example.org/j/123", ev.OnlineJoinUrl);
        Assert.Equal(40, ev.Capacity);
        Assert.Equal(new DateTime(2030, 12, 1, 9, 0, 0, DateTimeKind.Utc), ev.RegistrationOpensAtUtc);
        Assert.Equal(new DateTime(2031, 1, 15, 12, 0, 0, DateTimeKind.Utc), ev.RegistrationClosesAtUtc);
        Assert.Equal(new DateTime(2031, 1, 14, 18, 0, 0, DateTimeKind.Utc), ev.ChangesCloseAtUtc);
        Assert.Equal("Monthly meetup", ev.Series!.Title);
        Assert.Equal([1440, 60, 30], ev.ReminderOffsetsMinutes);
        Assert.Equal(2, ev.Questions.Count);
        Assert.Equal(QuestionKind.SingleChoice, ev.Questions[0].Kind);
        Assert.Equal(["Policy", "Practice"], ev.Questions[0].Options);
        Assert.True(ev.Questions[0].Required);
        Assert.Equal("Anything else we should know?", ev.Questions[1].Label);
        Assert.True(ev.Featured);
        Assert.Equal("Our monthly meetup.", ev.Excerpt);
        Assert.DoesNotContain("<!--more-->", ev.Description, StringComparison.Ordinal);
        Assert.False(ev.NeedsReview);
    }

    [Fact]
    public async Task A_map_url_is_read_from_front_matter_and_without_one_there_is_none()
    {
        await ImportOneAsync("2030-03-03-mapped.md", "---\ntitle: Mapped\ndate: 2030-03-03\nlocation: Friends Meeting House, Manchester\nmap_url: https://www.openstreetmap.org/way/123\n---\nBody.\n");
        await ImportOneAsync("2030-03-04-unmapped.md", "---\ntitle: Unmapped\ndate: 2030-03-04\nlocation: Leeds Central Library\n---\nBody.\n");

        Assert.Equal("https://www.openstreetmap.org/way/123", (await LoadAsync("2030-03-03-mapped")).MapUrl);
        Assert.Null((await LoadAsync("2030-03-04-unmapped")).MapUrl);
    }

    [Fact]
    public async Task Quirky_front_matter_is_read_as_its_author_meant()
    {
        var result = await ImportOneAsync("2030-05-05-quirky.md", ImportFixtures.Quirky);

        Assert.Equal(ImportOutcome.Created, result.Outcome);
        Assert.Equal("2030-05-05-quirky", result.Detail);
        var ev = await LoadAsync("2030-05-05-quirky");
        Assert.Equal("Quirky page", ev.Title);
        Assert.True(ev.Schedule.TimeToBeConfirmed);
        Assert.Equal(new DateOnly(2030, 5, 5), ev.Schedule.FirstDay);
        Assert.Equal(["Public sector", "People and Participation"], ev.Topics);
        Assert.Equal(["Our Data Futures"], ev.Projects);
        Assert.Null(ev.ImageUrl);
        Assert.Null(ev.ExternalUrl);
        Assert.Null(ev.Category);
        Assert.Equal("First paragraph is the excerpt.", ev.Excerpt);
        Assert.True(ev.NeedsReview);
        Assert.Contains(ev.ReviewNotes, n => n.Contains("time to be confirmed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dates_range_spans_its_days_and_both_project_keys_count()
    {
        await ImportOneAsync("2030-06-06-festival.md", ImportFixtures.DateRange);

        var ev = await LoadAsync("2030-06-06-festival");
        Assert.Equal(new DateOnly(2030, 6, 6), ev.Schedule.FirstDay);
        Assert.Equal(new DateOnly(2030, 6, 10), ev.Schedule.LastDay);
        Assert.Equal(["Alpha project", "Beta project"], ev.Projects);
    }

    [Fact]
    public async Task Time_place_and_registration_opening_are_read_from_the_page_text_and_flagged()
    {
        await ImportOneAsync("2030-03-08-conference.md", ImportFixtures.ProseWhenWhere);

        var ev = await LoadAsync("2030-03-08-conference");
        Assert.False(ev.Schedule.TimeToBeConfirmed);
        Assert.Equal(new DateTime(2030, 3, 8, 10, 0, 0, DateTimeKind.Utc), ev.Schedule.StartsAtUtc);
        Assert.Equal(new DateTime(2030, 3, 8, 17, 0, 0, DateTimeKind.Utc), ev.Schedule.EndsAtUtc);
        Assert.Equal("Leeds (venue TBC)", ev.Location.Venue);
        Assert.Equal("Spring 2030", ev.RegistrationOpeningNote);
        Assert.Equal(RegistrationAvailability.NotOpenYet, ev.GetAvailability(Clock.GetUtcNow().UtcDateTime));

        // The card leaves out the lines that became the time and place, as the page does.
        Assert.Equal("A one-day conference.\n\n**Registration opens:** Spring 2030. [Sign up to our newsletter](https://example.org/news) to hear first.", ev.Excerpt);
        Assert.True(ev.NeedsReview);
        Assert.Contains(ev.ReviewNotes, n => n.Contains("10:00–17:00 read from the page text", StringComparison.Ordinal));
    }

    [Fact]
    public async Task At_2pm_in_summer_with_a_Zoom_link_is_an_online_event_at_13_00_UTC()
    {
        await ImportOneAsync("2030-07-10-community-of-practice.md", ImportFixtures.AtTwoPmOnZoom);

        var ev = await LoadAsync("2030-07-10-community-of-practice");
        Assert.Equal(new DateTime(2030, 7, 10, 13, 0, 0, DateTimeKind.Utc), ev.Schedule.StartsAtUtc);
        Assert.Equal(new DateTime(2030, 7, 10, 14, 0, 0, DateTimeKind.Utc), ev.Schedule.EndsAtUtc);
        Assert.True(ev.Location.IsOnline);
        Assert.Null(ev.OnlineJoinUrl);
        Assert.Contains(ev.ReviewNotes, n => n.Contains("one hour assumed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_afternoon_range_with_pm_only_at_the_end_is_read_as_afternoon()
    {
        await ImportOneAsync("2030-10-15-design-lab.md", ImportFixtures.AfternoonRange);

        var ev = await LoadAsync("2030-10-15-design-lab");
        Assert.Equal(new DateTime(2030, 10, 15, 13, 30, 0), ev.Schedule.LocalStart);
        Assert.Equal(new DateTime(2030, 10, 15, 16, 30, 0), ev.Schedule.LocalEnd);
        Assert.Equal("Transport House, 1 Cathedral Rd, Cardiff", ev.Location.Venue);
    }

    [Fact]
    public async Task A_time_written_with_its_zone_is_read_in_that_zone()
    {
        await ImportOneAsync("2030-09-24-roundtable.md", ImportFixtures.OtherZone);

        var ev = await LoadAsync("2030-09-24-roundtable");
        Assert.Equal("America/New_York", ev.Schedule.TimeZoneId);
        Assert.Equal(new DateTime(2030, 9, 24, 20, 0, 0, DateTimeKind.Utc), ev.Schedule.StartsAtUtc);
        Assert.Contains(ev.ReviewNotes, n => n.Contains("America/New_York taken from \"ET\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2031-06-30", "**When:** Monday 30 June 2031, 13:00–14:00 CEST", "CET", 11)]
    [InlineData("2031-05-22", "**When:** 22 May 2031, 20.00-21.30 UTC", "UTC", 20)]
    [InlineData("2031-03-03", "**When:** 3 March 2031, 9-10am EST", "America/New_York", 14)]
    [InlineData("2031-07-01", "**When:** 1 July 2031, 14:00 UK time", "Europe/London", 13)]
    public async Task Zones_written_after_times_set_the_events_zone(string day, string line, string zone, int startHourUtc)
    {
        await ImportOneAsync($"{day}-zoned.md", $"---\ntitle: Zoned\ndate: {day}\n---\n{line}\n");

        var ev = await LoadAsync($"{day}-zoned");
        Assert.Equal(zone, ev.Schedule.TimeZoneId);
        Assert.Equal(DateOnly.ParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(startHourUtc, 0), DateTimeKind.Utc), ev.Schedule.StartsAtUtc);
    }

    [Fact]
    public async Task A_time_in_a_zone_the_importer_does_not_know_is_not_read()
    {
        await ImportOneAsync("2031-04-01-tokyo.md", "---\ntitle: Far away\ndate: 2031-04-01\n---\n**When:** 1 April 2031, 10:00-12:00 JST\n");

        var ev = await LoadAsync("2031-04-01-tokyo");
        Assert.True(ev.Schedule.TimeToBeConfirmed);
        Assert.Equal("Europe/London", ev.Schedule.TimeZoneId);
    }

    [Fact]
    public async Task Central_Paris_at_9am_in_February_is_08_00_UTC_in_Paris_time()
    {
        await ImportOneAsync("2025-02-11-global-ai-governance.md", ImportFixtures.ParisSideEvent);

        var ev = await LoadAsync("2025-02-11-global-ai-governance");
        Assert.Equal("Europe/Paris", ev.Schedule.TimeZoneId);
        Assert.Equal(new DateTime(2025, 2, 11, 8, 0, 0, DateTimeKind.Utc), ev.Schedule.StartsAtUtc);
        Assert.Equal(new DateTime(2025, 2, 11, 11, 0, 0, DateTimeKind.Utc), ev.Schedule.EndsAtUtc);
        Assert.Equal("Central Paris", ev.Location.Venue);
        Assert.Contains(ev.ReviewNotes, n => n.Contains("Europe/Paris taken from \"Paris\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Times_before_the_day_are_read_in_the_zone_of_the_place_in_the_title()
    {
        await ImportOneAsync("2025-02-11-fringe.md", "---\ntitle: Public Voice in AI @ The Fringe Paris Hub\ndate: 2025-02-11\n---\n> This is an invite only event, taking place in central Paris: 14:30 - 15:30 on 11th Feb. For an invite please get in touch.\n");

        var ev = await LoadAsync("2025-02-11-fringe");
        Assert.Equal("Europe/Paris", ev.Schedule.TimeZoneId);
        Assert.Equal(new DateTime(2025, 2, 11, 13, 30, 0, DateTimeKind.Utc), ev.Schedule.StartsAtUtc);
        Assert.Equal(new DateTime(2025, 2, 11, 14, 30, 0, DateTimeKind.Utc), ev.Schedule.EndsAtUtc);
    }

    [Fact]
    public async Task A_timezone_in_front_matter_wins_over_the_place_named()
    {
        await ImportOneAsync("2025-02-11-paris.md", ImportFixtures.ParisSideEvent.Replace("date: 2025-02-11", "date: 2025-02-11\ntimezone: Europe/London", StringComparison.Ordinal));

        var ev = await LoadAsync("2025-02-11-paris");
        Assert.Equal("Europe/London", ev.Schedule.TimeZoneId);
        Assert.Equal(new DateTime(2025, 2, 11, 9, 0, 0, DateTimeKind.Utc), ev.Schedule.StartsAtUtc);
        Assert.DoesNotContain(ev.ReviewNotes, n => n.Contains("Time zone", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("OGP workshop (Nairobi, Kenya)", "Africa/Nairobi")]
    [InlineData("TechSalon New York: global deliberation", "America/New_York")]
    [InlineData("Seminar in Brasília", "America/Sao_Paulo")]
    [InlineData("Roundtable in Geneva", "Europe/Zurich")]
    public async Task A_place_abroad_in_the_title_sets_the_zone(string title, string zone)
    {
        await ImportOneAsync("2031-02-11-abroad.md", $"---\ntitle: \"{title}\"\ndate: 2031-02-11\n---\n**When:** 11 February 2031, 10:00-11:00\n");

        var ev = await LoadAsync("2031-02-11-abroad");
        Assert.Equal(zone, ev.Schedule.TimeZoneId);
        Assert.Equal(new TimeOnly(10, 0), TimeOnly.FromDateTime(ev.Schedule.LocalStart));
    }

    [Theory]
    [InlineData("Washington workshop")]
    [InlineData("Paris or Brussels?")]
    [InlineData("Think20 Brasil mobilisation")]
    public async Task A_place_that_could_be_in_several_zones_keeps_the_default_with_a_note(string title)
    {
        await ImportOneAsync("2031-02-11-unsure.md", $"---\ntitle: \"{title}\"\ndate: 2031-02-11\n---\n**When:** 11 February 2031, 10:00-11:00\n");

        var ev = await LoadAsync("2031-02-11-unsure");
        Assert.Equal("Europe/London", ev.Schedule.TimeZoneId);
        Assert.Equal(new DateTime(2031, 2, 11, 10, 0, 0, DateTimeKind.Utc), ev.Schedule.StartsAtUtc);
        Assert.Contains(ev.ReviewNotes, n => n.Contains("more than one time zone", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2029-05-01-archived.md", "An old meeting.", false)]
    [InlineData("2031-05-01-ahead.md", "A meeting to come.", true)]
    [InlineData("2029-05-02-guessed.md", "We met on 2 May 2029 at 2pm.", true)]
    public async Task Only_notes_that_leave_something_to_put_right_put_an_event_on_the_review_list(string file, string body, bool needsReview)
    {
        // The clock reads 1 January 2030: the first page is over and says nothing the organiser could fix.
        await ImportOneAsync(file, $"---\ntitle: Meeting\n---\n{body}\n");

        var ev = await LoadAsync(Path.GetFileNameWithoutExtension(file));
        Assert.NotEmpty(ev.ReviewNotes);
        Assert.Equal(needsReview, ev.NeedsReview);
    }

    [Fact]
    public async Task Code_shown_as_an_example_is_neither_read_nor_hidden()
    {
        const string Body = "Write your own page like this:\n\n```\n**When:** 2pm to 3pm\n**Where:** Central Paris\n```\n";
        await ImportOneAsync("2031-06-02-example.md", $"---\ntitle: Example\ndate: 2031-06-02\n---\n{Body}");

        var ev = await LoadAsync("2031-06-02-example");
        Assert.True(ev.Schedule.TimeToBeConfirmed);
        Assert.Equal(LocationKind.ToBeConfirmed, ev.Location.Kind);
        Assert.Empty(ev.LinesReadIntoFields);
        Assert.Contains("**Where:** Central Paris", ev.ShownDescription(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("On Monday 9 October 2023, from 17:30 at The Tate Liverpool, we met.", "The Tate Liverpool")]
    [InlineData("On 9 October 2023 at 6pm in Committee Room 9 of the House of Commons, MPs heard from workers.", "Committee Room 9 of the House of Commons")]
    [InlineData("On the 9th October, in the grand setting of Committee Room 9 of the House of Commons, MPs heard from workers.", "Committee Room 9 of the House of Commons")]
    [InlineData("Academics met on Monday 9 October 2023 at the University of Cambridge.", "University of Cambridge")]
    [InlineData("**Venue:** Toynbee Hall, London", "Toynbee Hall, London")]
    [InlineData("**Location:** St Frideswide Church, Botley Road, Oxford OX2 0BL", "St Frideswide Church, Botley Road, Oxford OX2 0BL")]
    [InlineData("We were in Brighton, in Room 8 of the Conference from 17:15-18:30 on Saturday 9 October 2023.", "Room 8 of the Conference")]
    public async Task More_ways_of_naming_a_place_are_read_with_a_note(string line, string venue)
    {
        await ImportOneAsync("2023-10-09-fringe.md", $"---\ntitle: Fringe\ndate: 2023-10-09\n---\nAn evening.\n\n{line}\n");

        var ev = await LoadAsync("2023-10-09-fringe");
        Assert.Equal(venue, ev.Location.Venue);
        Assert.Contains(ev.ReviewNotes, n => n.Contains($"Location \"{venue}\" read from the page text", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("On Friday 6 March 2026, we organised a conference on Power and Participation in Public Tech.")]
    [InlineData("On Friday 6 March 2026 we met.\n* Ada, Research Centre at the University of Nowhere")]
    public async Task A_capitalised_topic_or_a_speakers_affiliation_is_not_a_place(string text)
    {
        await ImportOneAsync("2026-03-06-talk.md", $"---\ntitle: Talk\ndate: 2026-03-06\n---\n{text}\n");

        Assert.Equal(LocationKind.ToBeConfirmed, (await LoadAsync("2026-03-06-talk")).Location.Kind);
    }

    [Theory]
    [InlineData("no front matter here", "no front matter")]
    [InlineData("---\ntitle: x\n", "not closed")]
    [InlineData("---\ndate: 2030-01-01\n---\nbody", "no title")]
    [InlineData("---\ntitle: x\ndate: 2030-01-01\ncapacity: lots\n---\n", "capacity: \"lots\" must be a whole number")]
    [InlineData("---\ntitle: x\ndate: someday\n---\n", "date: \"someday\" is not a date")]
    [InlineData("---\ntitle: x\nstarts: 2030-01-01 2pm\n---\n", "starts:")]
    [InlineData("---\ntitle: x\ndate: 2030-01-01\nreminders: [soon]\n---\n", "reminders: \"soon\"")]
    [InlineData("---\ntitle: x\ndate: 2030-01-01\nslug: Not A Slug\n---\n", "slug \"Not A Slug\" is not valid")]
    [InlineData("---\ntitle: x\ndate: 2030-01-01\ntimezone: Mars/Base\n---\n", "Unknown time zone")]
    [InlineData("---\ntitle: x\ndate: 2030-01-01\nonline_url: javascript:alert(1)\n---\n", "joining link must be a web address")]
    [InlineData("---\ntitle: x\ndate: 2030-01-01\nlocation: Leeds\nmap_url: javascript:alert(1)\n---\n", "map link must be a web address")]
    [InlineData("---\ntitle: [unclosed\n---\n", "not valid YAML")]
    [InlineData("---\ntitle: x\nstarts: 2030-01-01T10:00\nends: 2030-01-01T12:00\nchanges_close: 2030-01-02\n---\n", "Changes must close no later than the end of the event.")]
    [InlineData("---\ntitle: x\ndate: 2030-01-01\nchanges_close: soon\n---\n", "changes_close:")]
    [InlineData("---\ntitle: x\ndate: 2030-01-01\nretain_days: forever\n---\n", "retain_days: \"forever\" must be a whole number of days from 0 to 3,650")]
    [InlineData("---\ntitle: x\ndate: 2030-01-01\nretain_days: -1\n---\n", "retain_days: \"-1\" must be a whole number")]
    [InlineData("---\ntitle: x\ndate: 2030-01-01\nretain_days: 3651\n---\n", "retain_days: \"3651\" must be a whole number")]
    public async Task A_page_that_cannot_be_imported_is_skipped_with_the_reason(string text, string reason)
    {
        var result = await ImportOneAsync("2030-01-01-bad.md", text);

        Assert.Equal(ImportOutcome.Skipped, result.Outcome);
        Assert.Contains(reason, result.Detail, StringComparison.Ordinal);
        await using var db = Database.Open();
        Assert.False(await db.Events.AnyAsync());
    }

    [Fact]
    public async Task Importing_the_same_folder_again_changes_nothing_and_an_edit_updates_only_that_page()
    {
        var folder = Path.Combine(_pages.Path, "site");
        _pages.File("site/2030-05-05-quirky.md", ImportFixtures.Quirky);
        _pages.File("site/2030-06-06-festival.md", ImportFixtures.DateRange);
        _pages.File("site/nested/2030-07-10-cop.md", ImportFixtures.AtTwoPmOnZoom);
        _pages.File("site/notes.txt", "not a page");

        var first = await Importer().ImportAsync([folder]);
        Assert.Equal(3, first.Count(ImportOutcome.Created));

        var second = await Importer().ImportAsync([folder]);
        Assert.All(second.Files, f => Assert.Equal(ImportOutcome.Unchanged, f.Outcome));

        _pages.File("site/2030-06-06-festival.md", ImportFixtures.DateRange.Replace("A festival.", "A bigger festival.", StringComparison.Ordinal));
        var third = await Importer().ImportAsync([folder]);
        Assert.Equal(1, third.Count(ImportOutcome.Updated));
        Assert.Equal(2, third.Count(ImportOutcome.Unchanged));
    }

    [Fact]
    public async Task Reimporting_keeps_the_events_status_and_calendar_identity()
    {
        await ImportOneAsync("2030-06-06-festival.md", ImportFixtures.DateRange);
        Guid uid;
        await using (var db = Database.Open())
        {
            var ev = await db.Events.SingleAsync();
            uid = ev.CalendarUid;
            ev.Cancel();
            await db.SaveChangesAsync();
        }

        var again = await ImportOneAsync("2030-06-06-festival.md", ImportFixtures.DateRange.Replace("dates: 2030-06-06, 2030-06-10", "dates: 2030-06-07, 2030-06-10", StringComparison.Ordinal));

        Assert.Equal(ImportOutcome.Updated, again.Outcome);
        var reloaded = await LoadAsync("2030-06-06-festival");
        Assert.Equal(EventStatus.Cancelled, reloaded.Status);
        Assert.Equal(uid, reloaded.CalendarUid);
        Assert.Equal(2, reloaded.CalendarSequence);
    }

    [Fact]
    public async Task Every_kind_of_question_is_read_from_front_matter()
    {
        var result = await ImportOneAsync("2030-08-01-kinds.md", """
            ---
            title: Kinds
            date: 2030-08-01
            questions:
              - label: Your role
                type: text
              - label: Tell us more
                type: long_text
              - label: Which room?
                type: choice
                options: [Policy, Practice]
              - label: Which days?
                type: multiple-choice
                options: [Monday, Tuesday, "Wednesday, if it runs"]
                required: true
              - label: Staying for lunch?
                type: yes_no
                key: lunch
            ---
            Body.
            """);

        Assert.Equal(ImportOutcome.Created, result.Outcome);
        var questions = (await LoadAsync("2030-08-01-kinds")).Questions;
        Assert.Equal(
            [("your-role", QuestionKind.Text), ("tell-us-more", QuestionKind.LongText), ("which-room", QuestionKind.SingleChoice), ("which-days", QuestionKind.MultipleChoice), ("lunch", QuestionKind.YesNo)],
            questions.Select(q => (q.Key, q.Kind)));
        Assert.Equal(["Monday", "Tuesday", "Wednesday, if it runs"], questions[3].Options);
        Assert.True(questions[3].Required);
    }

    [Fact]
    public async Task Retain_days_and_sensitive_questions_are_read_and_a_page_without_them_follows_the_settings()
    {
        var result = await ImportOneAsync("2030-08-03-kept.md", """
            ---
            title: Kept
            date: 2030-08-03
            retain_days: 30
            questions:
              - label: Any health conditions we should know about?
                sensitive: true
              - label: Your role
                sensitive: no
              - label: Your team
            ---
            Body.
            """);
        await ImportOneAsync("2030-08-04-plain.md", "---\ntitle: Plain\ndate: 2030-08-04\nretain_days: 0\n---\nBody.\n");
        await ImportOneAsync("2030-08-05-default.md", "---\ntitle: Default\ndate: 2030-08-05\n---\nBody.\n");

        Assert.Equal(ImportOutcome.Created, result.Outcome);
        var kept = await LoadAsync("2030-08-03-kept");
        Assert.Equal(30, kept.RetainDays);
        Assert.Equal([true, false, false], kept.Questions.Select(q => q.Sensitive));
        Assert.True(kept.IsSensitive("any-health-conditions-we-should-know-about"));
        Assert.Equal(0, (await LoadAsync("2030-08-04-plain")).RetainDays);
        Assert.Null((await LoadAsync("2030-08-05-default")).RetainDays);

        // Taking the key away is a change: the event follows the setting again.
        Assert.Equal(ImportOutcome.Updated, (await ImportOneAsync("2030-08-04-plain.md", "---\ntitle: Plain\ndate: 2030-08-04\n---\nBody.\n")).Outcome);
        Assert.Null((await LoadAsync("2030-08-04-plain")).RetainDays);
    }

    [Theory]
    [InlineData("    type: dropdown\n", "type \"dropdown\" is not one of text, long_text, choice, multiple_choice or yes_no")]
    [InlineData("    type: multiple_choice\n    options: [Only]\n", "needs at least two options")]
    [InlineData("    key: dietary-needs\n", "belongs to the built-in dietary needs field")]
    [InlineData("form_fields: [lunch]\n", "form_fields: \"lunch\" is not one of organisation, access_needs or dietary_needs")]
    [InlineData("    sensitive: maybe\n", "questions: sensitive: \"maybe\" must be true or false")]
    public async Task A_question_or_field_the_form_cannot_ask_skips_the_page_with_the_reason(string lines, string reason)
    {
        var result = await ImportOneAsync("2030-08-02-bad.md", $"---\ntitle: Bad\ndate: 2030-08-02\nquestions:\n  - label: Food\n{lines}---\nBody.\n");

        Assert.Equal(ImportOutcome.Skipped, result.Outcome);
        Assert.Contains(reason, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reimporting_a_page_without_questions_keeps_the_form_the_organiser_built()
    {
        await ImportOneAsync("2030-06-06-festival.md", ImportFixtures.DateRange);
        await using (var db = Database.Open())
        {
            var ev = await db.Events.SingleAsync();
            // What the editor saves: the page's content, with a question and dietary needs added.
            var page = EventPageReader.Read(FrontMatter.TryParse(ImportFixtures.DateRange, out _)!, "2030-06-06-festival.md", Database.Options.Value.DefaultTimeZone);
            var form = page.Details with { Questions = [EventQuestion.Create("", "Your role", QuestionKind.Text, null, false)], BuiltInFields = BuiltInFields.All };
            Assert.True(ev.ApplyDetails(form, Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }

        Assert.Equal(ImportOutcome.Unchanged, (await ImportOneAsync("2030-06-06-festival.md", ImportFixtures.DateRange)).Outcome);
        var kept = await LoadAsync("2030-06-06-festival");
        Assert.Equal("your-role", kept.Questions.Single().Key);
        Assert.Equal(BuiltInFields.All, kept.BuiltInFields);

        // A page that states its questions sets them, and still leaves the built-in fields alone.
        var stated = ImportFixtures.DateRange.Replace("projects: Beta project\n", "projects: Beta project\nquestions: []\n", StringComparison.Ordinal);
        Assert.NotEqual(ImportFixtures.DateRange, stated);
        Assert.Equal(ImportOutcome.Updated, (await ImportOneAsync("2030-06-06-festival.md", stated)).Outcome);
        var replaced = await LoadAsync("2030-06-06-festival");
        Assert.Empty(replaced.Questions);
        Assert.Equal(BuiltInFields.All, replaced.BuiltInFields);

        // And one that states its built-in fields sets those.
        Assert.Equal(ImportOutcome.Updated, (await ImportOneAsync("2030-06-06-festival.md", stated.Replace("questions: []\n", "questions: []\nform_fields: [dietary_needs]\n", StringComparison.Ordinal))).Outcome);
        Assert.Equal(BuiltInFields.DietaryNeeds, (await LoadAsync("2030-06-06-festival")).BuiltInFields);
    }

    [Theory]
    [InlineData("", BuiltInFields.Organisation | BuiltInFields.AccessNeeds)]
    [InlineData("form_fields: []\n", BuiltInFields.None)]
    [InlineData("form_fields: [organisation, access_needs, dietary_needs]\n", BuiltInFields.All)]
    [InlineData("form_fields: dietary-needs, Organization\n", BuiltInFields.DietaryNeeds | BuiltInFields.Organisation)]
    public async Task A_new_page_asks_for_the_built_in_fields_it_names_and_dietary_needs_only_when_named(string line, BuiltInFields expected)
    {
        await ImportOneAsync("2030-09-01-fields.md", $"---\ntitle: Fields\ndate: 2030-09-01\nlocation: Friends Meeting House, Manchester\n{line}---\nBody.\n");

        Assert.Equal(expected, (await LoadAsync("2030-09-01-fields")).BuiltInFields);
    }

    [Fact]
    public async Task A_page_joins_the_series_whose_title_it_shares()
    {
        await using (var db = Database.Open())
        {
            db.Series.Add(Series.Create("Community of practice", "community-of-practice"));
            await db.SaveChangesAsync();
        }

        await ImportOneAsync("2030-07-10-cop.md", ImportFixtures.AtTwoPmOnZoom);

        Assert.Equal("community-of-practice", (await LoadAsync("2030-07-10-cop")).Series?.Slug);
    }

    [Fact]
    public async Task Paths_that_do_not_exist_are_reported_and_the_rest_imported()
    {
        var page = _pages.File("2030-06-06-festival.md", ImportFixtures.DateRange);

        var report = await Importer().ImportAsync([Path.Combine(_pages.Path, "missing"), page]);

        Assert.Equal([Path.Combine(_pages.Path, "missing")], report.UnreadablePaths);
        Assert.Equal(ImportOutcome.Created, Assert.Single(report.Files).Outcome);
    }

    [Fact]
    public async Task An_event_changed_in_the_editor_is_kept_on_reimport_until_its_edits_are_replaced()
    {
        var folder = Path.Combine(_pages.Path, "site");
        _pages.File("site/2030-07-10-cop.md", ImportFixtures.AtTwoPmOnZoom);
        _pages.File("site/2030-06-06-festival.md", ImportFixtures.DateRange);
        await Importer().ImportAsync([folder]);

        // The organiser corrects the time the importer read from the text: 3pm, not 2pm (summer: UK time is UTC+1).
        Clock.Now = DateTimeOffset.Parse("2030-06-01T13:05:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var guessed = await LoadAsync("2030-07-10-cop");
        var form = EventForm.From(guessed);
        form.Starts = form.Starts!.Value.AddHours(1);
        form.Ends = form.Ends!.Value.AddHours(1);
        Assert.Equal(EditOutcome.Saved, (await Editor().SaveAsync(guessed.Id, form, MoveNotice.AskFirst, "organiser@example.org")).Outcome);
        var corrected = (await LoadAsync("2030-07-10-cop")).Schedule;

        Clock.Now = Clock.Now.AddDays(1);
        var again = await Importer().ImportAsync([folder]);

        var kept = again.Files.Single(f => f.Outcome == ImportOutcome.Kept);
        Assert.Equal("2030-07-10-cop: changed here on 1 Jun 2030 14:05 UK time; the page was not applied (import --replace-edited to apply it)", kept.Detail);
        Assert.Equal(ImportOutcome.Unchanged, again.Files.Single(f => f.Detail == "2030-06-06-festival").Outcome);
        Assert.Equal(1, again.Count(ImportOutcome.Kept));
        Assert.Equal(corrected, (await LoadAsync("2030-07-10-cop")).Schedule);
        Assert.NotEqual(guessed.Schedule, corrected);

        // Asked to, the import applies the page over the edit, records that, and the event is the page's again.
        var replaced = await Importer().ImportAsync([folder], siteUrl: null, replaceEdited: true);
        Assert.Equal(ImportOutcome.Updated, replaced.Files.Single(f => f.Detail == "2030-07-10-cop: replaced the changes made here on 1 Jun 2030 14:05 UK time").Outcome);
        Assert.Equal(ImportOutcome.Unchanged, replaced.Files.Single(f => f.Detail == "2030-06-06-festival").Outcome);
        var reverted = await LoadAsync("2030-07-10-cop");
        Assert.Equal(guessed.Schedule, reverted.Schedule);
        Assert.Null(reverted.EditedHereAtUtc);
        await using (var db = Database.Open())
        {
            var audit = await db.Audit.SingleAsync(a => a.Action == "import replaced edits");
            Assert.Equal(("import", reverted.Id), (audit.Actor, audit.EventId));
        }

        Assert.All((await Importer().ImportAsync([folder])).Files, f => Assert.Equal(ImportOutcome.Unchanged, f.Outcome));
    }

    [Fact]
    public async Task Saving_without_a_change_or_changing_only_the_status_leaves_the_event_to_the_import()
    {
        await ImportOneAsync("2030-06-06-festival.md", ImportFixtures.DateRange);
        var ev = await LoadAsync("2030-06-06-festival");
        Assert.Equal(EditOutcome.Saved, (await Editor().SaveAsync(ev.Id, EventForm.From(ev), MoveNotice.AskFirst, "organiser@example.org")).Outcome);
        Assert.Equal(EditOutcome.Saved, (await Editor().UnpublishAsync(ev.Id, "organiser@example.org")).Outcome);
        Assert.Null((await LoadAsync("2030-06-06-festival")).EditedHereAtUtc);

        var updated = await ImportOneAsync("2030-06-06-festival.md", ImportFixtures.DateRange.Replace("A festival.", "A bigger festival.", StringComparison.Ordinal));

        Assert.Equal(ImportOutcome.Updated, updated.Outcome);
        Assert.Equal("A bigger festival.", (await LoadAsync("2030-06-06-festival")).Description);

        // Nor does a save that keeps the description change the excerpt the page marked with <!--more-->.
        await ImportOneAsync("2030-06-07-talk.md", "---\ntitle: Talk\ndate: 2030-06-07\n---\nThe summary,\n\nin two paragraphs.\n\n<!--more-->\n\nThe rest of the page.\n");
        var talk = await LoadAsync("2030-06-07-talk");
        Assert.Equal(EditOutcome.Saved, (await Editor().SaveAsync(talk.Id, EventForm.From(talk), MoveNotice.AskFirst, "organiser@example.org")).Outcome);
        var saved = await LoadAsync("2030-06-07-talk");
        Assert.Equal(("The summary,\n\nin two paragraphs.", null), (saved.Excerpt, saved.EditedHereAtUtc));
    }

    [Fact]
    public async Task An_event_written_in_the_editor_is_not_replaced_by_a_page_with_its_slug()
    {
        var form = new EventForm { Title = "Our own festival", Description = "Written here.", Starts = new DateTime(2030, 6, 6, 10, 0, 0), Ends = new DateTime(2030, 6, 6, 17, 0, 0) };
        Assert.Equal(EditOutcome.Saved, (await Editor().CreateAsync("2030-06-06-festival", form, "organiser@example.org")).Outcome);

        var result = await ImportOneAsync("2030-06-06-festival.md", ImportFixtures.DateRange);

        Assert.Equal(ImportOutcome.Kept, result.Outcome);
        Assert.Equal("Written here.", (await LoadAsync("2030-06-06-festival")).Description);
    }

    private EventImporter Importer() => new(Database.Factory, new EventNotices(Database.Factory, Links, Clock), Clock, Database.Options);

    private EventEditorService Editor() => new(Database.Factory, new EventNotices(Database.Factory, Links, Clock), Clock);

    private async Task<ImportResult> ImportOneAsync(string name, string text)
    {
        var path = _pages.File(name, text);
        var report = await Importer().ImportAsync([path]);
        return Assert.Single(report.Files);
    }

    private async Task<Event> LoadAsync(string slug)
    {
        await using var db = Database.Open();
        return await db.Events.Include(e => e.Series).SingleAsync(e => e.Slug == slug);
    }
}
