using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.EventEditor;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.EventEditor;

/// <summary>The editor's rules against a real SQLite file: drafts, publishing, confirmed change notices, duplicating.</summary>
public sealed class EventEditorTests() : DatabaseTests("2026-11-21T12:00:00Z")
{
    private const string Organiser = "editor@example.org";

    [Fact]
    public async Task A_new_event_is_a_draft_with_times_in_its_own_zone_and_bad_input_says_why()
    {
        var form = new EventForm
        {
            Title = "Community of Practice",
            Starts = new DateTime(2026, 12, 9, 14, 0, 0),
            Ends = new DateTime(2026, 12, 9, 15, 0, 0),
            Online = true,
            Capacity = 100,
            Reminders = "1d, 30m",
            Questions =
            [
                new QuestionDraft { Label = "Which session?", Kind = QuestionKind.SingleChoice, Options = "Morning\n Afternoon \n\n", Required = true },
                new QuestionDraft { Label = "Your role" },
            ],
            Description = "First paragraph.\n\nSecond.",
        };

        var created = await Editor().CreateAsync(null, form, Organiser);

        Assert.Equal(EditOutcome.Saved, created.Outcome);
        Assert.Equal("2026-12-09-community-of-practice", created.Slug);
        await using var db = Database.Open();
        var ev = await db.Events.SingleAsync();
        Assert.Equal(EventStatus.Draft, ev.Status);
        Assert.Equal(new DateTime(2026, 12, 9, 14, 0, 0, DateTimeKind.Utc), ev.Schedule.StartsAtUtc);
        Assert.Equal([1440, 30], ev.ReminderOffsetsMinutes);
        Assert.Equal(QuestionKind.SingleChoice, ev.Questions[0].Kind);
        Assert.Equal(["Morning", "Afternoon"], ev.Questions[0].Options);
        Assert.True(ev.Questions[0].Required);
        Assert.Equal(["which-session", "your-role"], ev.Questions.Select(q => q.Key));
        Assert.Equal(BuiltInFields.Organisation | BuiltInFields.AccessNeeds, ev.BuiltInFields);
        Assert.Equal("First paragraph.", ev.Excerpt);

        Assert.Equal(EditOutcome.SlugTaken, (await Editor().CreateAsync(null, form, Organiser)).Outcome);
        var backwards = await Editor().CreateAsync("backwards", new EventForm { Title = "X", Starts = new DateTime(2026, 12, 9, 15, 0, 0), Ends = new DateTime(2026, 12, 9, 14, 0, 0) }, Organiser);
        Assert.Equal(EditOutcome.Invalid, backwards.Outcome);
        Assert.Equal("The event must not end before it starts.", backwards.Message);
        Assert.Equal("Enter when the event starts and ends.", (await Editor().CreateAsync("none", new EventForm { Title = "X" }, Organiser)).Message);
        Assert.Contains("reminder like 1d", (await Editor().CreateAsync("r2", Copy(form, f => f.Reminders = "soon"), Organiser)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_close_is_kept_in_the_events_own_zone_and_must_not_be_after_the_end()
    {
        // Summer: the form's times are UK time (BST), stored as UTC.
        var form = new EventForm { Title = "Summer school", Starts = new DateTime(2026, 7, 8, 10, 0, 0), Ends = new DateTime(2026, 7, 8, 16, 0, 0), ChangesClose = new DateTime(2026, 7, 6, 17, 0, 0) };

        var created = await Editor().CreateAsync("summer", form, Organiser);

        Assert.Equal(EditOutcome.Saved, created.Outcome);
        var ev = await LoadAsync("summer");
        Assert.Equal(new DateTime(2026, 7, 6, 16, 0, 0, DateTimeKind.Utc), ev.ChangesCloseAtUtc);
        Assert.Equal(new DateTime(2026, 7, 6, 17, 0, 0), EventForm.From(ev).ChangesClose);

        var late = await Editor().CreateAsync("late", Copy(form, f => f.ChangesClose = new DateTime(2026, 7, 8, 16, 30, 0)), Organiser);
        Assert.Equal(EditOutcome.Invalid, late.Outcome);
        Assert.Equal("Changes must close no later than the end of the event.", late.Message);

        // Left empty, changes close at the start.
        var open = await Editor().CreateAsync("open", Copy(form, f => f.ChangesClose = null), Organiser);
        Assert.Null((await LoadAsync("open")).ChangesCloseAtUtc);
        Assert.Equal(new DateTime(2026, 7, 8, 9, 0, 0, DateTimeKind.Utc), (await LoadAsync("open")).ChangesClose);
        Assert.Equal(EditOutcome.Saved, open.Outcome);
    }

    [Fact]
    public async Task Moving_a_published_event_asks_first_then_tells_everyone_registered()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "venue", 10, new DateTime(2026, 12, 9, 10, 0, 0), d => d with { Location = EventLocation.InPerson("Manchester (venue TBC)") }, createdUtc: Clock.GetUtcNow().UtcDateTime);
        await new SignUpService(Database.Factory, Clock, new ManageLinks(new EphemeralDataProtectionProvider())).SignUpAsync(ev.Id, EventRegistrationTests.Details("Ada", "ada@example.org"));
        var form = EventForm.From(ev);
        form.Venue = "Friends Meeting House, Manchester";

        var asked = await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, Organiser);
        Assert.Equal(EditOutcome.NeedsConfirmation, asked.Outcome);
        Assert.Equal(1, asked.People);
        await using (var db = Database.Open())
        {
            Assert.Equal("Manchester (venue TBC)", (await db.Events.SingleAsync()).Location.Venue);
        }

        var saved = await Editor().SaveAsync(ev.Id, form, MoveNotice.Email, Organiser);
        Assert.Equal(EditOutcome.Saved, saved.Outcome);
        await using var check = Database.Open();
        var moved = await check.Events.SingleAsync();
        Assert.Equal("Friends Meeting House, Manchester", moved.Location.Venue);
        Assert.Equal(1, moved.CalendarSequence);
        Assert.Equal(1, await check.Outbox.CountAsync(m => m.Kind == MessageKind.EventChanged));
        Assert.Contains(await check.Audit.Select(a => a.Action).ToListAsync(), a => a == "change event time or place");
    }

    [Fact]
    public async Task The_map_link_is_saved_cleared_and_refused_unless_a_web_address()
    {
        var form = new EventForm { Title = "Mapped", Starts = new DateTime(2026, 12, 9, 10, 0, 0), Ends = new DateTime(2026, 12, 9, 12, 0, 0), Venue = "Friends Meeting House, Manchester", MapUrl = " https://www.openstreetmap.org/way/123 " };
        var created = await Editor().CreateAsync("mapped", form, Organiser);
        Assert.Equal(EditOutcome.Saved, created.Outcome);
        Event ev;
        await using (var db = Database.Open())
        {
            ev = await db.Events.SingleAsync();
            Assert.Equal("https://www.openstreetmap.org/way/123", ev.MapUrl);
        }

        var edit = EventForm.From(ev);
        Assert.Equal("https://www.openstreetmap.org/way/123", edit.MapUrl);
        edit.MapUrl = "javascript:alert(1)";
        var refused = await Editor().SaveAsync(ev.Id, edit, MoveNotice.AskFirst, Organiser);
        Assert.Equal(EditOutcome.Invalid, refused.Outcome);
        Assert.Equal("The map link must be a web address starting with https://.", refused.Message);
        edit.MapUrl = "https://www.openstreetmap.org/search?query=" + new string('a', Event.MaxUrlLength);
        Assert.Equal($"The map link must be at most {Event.MaxUrlLength:N0} characters.", (await Editor().SaveAsync(ev.Id, edit, MoveNotice.AskFirst, Organiser)).Message);

        edit.MapUrl = "  ";
        Assert.Equal(EditOutcome.Saved, (await Editor().SaveAsync(ev.Id, edit, MoveNotice.AskFirst, Organiser)).Outcome);
        await using var check = Database.Open();
        Assert.Null((await check.Events.SingleAsync()).MapUrl);
    }

    [Fact]
    public async Task Publish_unpublish_and_cancel_follow_the_event_rules()
    {
        var created = await Editor().CreateAsync("status", new EventForm { Title = "Status", Starts = new DateTime(2026, 12, 9, 10, 0, 0), Ends = new DateTime(2026, 12, 9, 12, 0, 0) }, Organiser);
        int id;
        await using (var db = Database.Open())
        {
            id = (await db.Events.SingleAsync(e => e.Slug == created.Slug)).Id;
        }

        Assert.Equal(EditOutcome.Saved, (await Editor().PublishAsync(id, Organiser)).Outcome);
        Assert.Equal(EditOutcome.NotAllowed, (await Editor().PublishAsync(id, Organiser)).Outcome);
        Assert.Equal(EditOutcome.Saved, (await Editor().UnpublishAsync(id, Organiser)).Outcome);
        Assert.Equal(EditOutcome.Saved, (await Editor().CancelAsync(id, Organiser, "The room is flooded.")).Outcome);
        Assert.Equal("A cancelled event cannot be published again.", (await Editor().PublishAsync(id, Organiser)).Message);
    }

    [Fact]
    public async Task Duplicating_a_second_Wednesday_meeting_makes_next_months_second_Wednesday_in_the_series()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "2026-12-09-community-of-practice", 100, new DateTime(2026, 12, 9, 14, 0, 0), d => d with { Location = EventLocation.Online });
        await using (var db = Database.Open())
        {
            var series = Series.Create("Community of Practice", "community-of-practice");
            db.Series.Add(series);
            await db.SaveChangesAsync();
            (await db.Events.SingleAsync()).AssignToSeries(series);
            await db.SaveChangesAsync();
        }

        var result = await Editor().DuplicateAsync(ev.Id, Organiser);

        Assert.Equal(EditOutcome.Saved, result.Outcome);
        Assert.Equal("2027-01-13-community-of-practice", result.Slug);
        await using var check = Database.Open();
        var copy = await check.Events.Include(e => e.Series).SingleAsync(e => e.Slug == result.Slug);
        Assert.Equal(EventStatus.Draft, copy.Status);
        Assert.Equal(new DateTime(2027, 1, 13, 14, 0, 0), copy.Schedule.LocalStart);
        Assert.Equal(new DateTime(2027, 1, 13, 16, 0, 0), copy.Schedule.LocalEnd);
        Assert.Equal("community-of-practice", copy.Series?.Slug);
        Assert.Equal(100, copy.Capacity);
        Assert.NotEqual(ev.CalendarUid, copy.CalendarUid);
        Assert.Equal(EditOutcome.SlugTaken, (await Editor().DuplicateAsync(ev.Id, Organiser)).Outcome);
    }

    [Fact]
    public async Task A_question_keeps_its_key_through_renames_moves_and_a_new_question_of_its_old_name()
    {
        var created = await Editor().CreateAsync("keys", new EventForm
        {
            Title = "Keys",
            Starts = new DateTime(2026, 12, 9, 10, 0, 0),
            Ends = new DateTime(2026, 12, 9, 12, 0, 0),
            Venue = "Friends Meeting House, Manchester",
            Questions = [new QuestionDraft { Label = "Your role" }, new QuestionDraft { Label = "Lunch?", Kind = QuestionKind.YesNo }],
        }, Organiser);
        Assert.Equal(EditOutcome.Saved, created.Outcome);
        var form = EventForm.From(await LoadAsync("keys"));
        Assert.False(form.AskDietaryNeeds);

        form.Questions[0].Label = "Job title";
        form.Questions.Reverse();
        form.Questions.Add(new QuestionDraft { Label = "Your role", Kind = QuestionKind.MultipleChoice, Options = "Policy\nResearch" });
        form.AskOrganisation = false;
        form.AskDietaryNeeds = true;
        var ev = await SaveAsync(form);

        Assert.Equal([("lunch", "Lunch?"), ("your-role", "Job title"), ("your-role-2", "Your role")], ev.Questions.Select(q => (q.Key, q.Label)));
        Assert.Equal(BuiltInFields.AccessNeeds | BuiltInFields.DietaryNeeds, ev.BuiltInFields);

        // Removed and added again in one edit, a question does not take the removed one's answers.
        form = EventForm.From(ev);
        form.Questions.RemoveAt(0);
        form.Questions.Add(new QuestionDraft { Label = "Lunch?", Kind = QuestionKind.YesNo });
        Assert.Equal("lunch-2", (await SaveAsync(form)).Questions[^1].Key);
    }

    [Fact]
    public async Task Questions_that_would_mix_with_the_forms_own_fields_are_refused_with_a_reason()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "reserved", 10, new DateTime(2026, 12, 9, 10, 0, 0));
        async Task<string?> TryAsync(params QuestionDraft[] questions)
        {
            var form = EventForm.From(ev);
            form.Questions = [.. questions];
            var result = await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, Organiser);
            Assert.Equal(EditOutcome.Invalid, result.Outcome);
            return result.Message;
        }

        Assert.Equal(
            "A question cannot be called \"Access needs\": the form already has the built-in access needs field. Give the question another label.",
            await TryAsync(new QuestionDraft { Label = "Access needs" }));
        Assert.Contains("the email field", await TryAsync(new QuestionDraft { Label = "E-mail" }), StringComparison.Ordinal);
        Assert.Equal("Question 2 needs a label.", await TryAsync(new QuestionDraft { Label = "Role" }, new QuestionDraft { Label = "  " }));
        Assert.Equal("Two questions are both called \"Role\": give each its own label.", await TryAsync(new QuestionDraft { Label = "Role" }, new QuestionDraft { Label = "role" }));
        Assert.Equal("The choice question \"Session\" needs at least two options.", await TryAsync(new QuestionDraft { Label = "Session", Kind = QuestionKind.MultipleChoice, Options = "Morning\nMorning" }));

        // A saved question renamed to a built-in field's name is refused too.
        var form = EventForm.From(ev);
        form.Questions = [new QuestionDraft { Label = "Diet" }];
        var saved = await SaveAsync(form, ev.Id);
        form = EventForm.From(saved);
        form.Questions[0].Label = "Dietary needs";
        Assert.Equal(EditOutcome.Invalid, (await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, Organiser)).Outcome);
        Assert.Equal("Diet", (await LoadAsync("reserved")).Questions.Single().Label);
    }

    [Fact]
    public async Task The_days_personal_data_is_kept_and_sensitive_questions_are_saved_and_a_bad_number_is_refused_beside_the_field()
    {
        var created = await Editor().CreateAsync("kept", new EventForm
        {
            Title = "Kept",
            Starts = new DateTime(2026, 12, 9, 10, 0, 0),
            Ends = new DateTime(2026, 12, 9, 12, 0, 0),
            Venue = "Friends Meeting House, Manchester",
            RetainDays = 30,
            Questions = [new QuestionDraft { Label = "Any health conditions?", Sensitive = true }, new QuestionDraft { Label = "Your role" }],
        }, Organiser);
        Assert.Equal(EditOutcome.Saved, created.Outcome);
        var ev = await LoadAsync("kept");
        Assert.Equal(30, ev.RetainDays);
        Assert.Equal([true, false], ev.Questions.Select(q => q.Sensitive));

        // The form opens as saved, and emptying the field returns the event to the setting.
        var form = EventForm.From(ev);
        Assert.Equal(30, form.RetainDays);
        Assert.True(form.Questions[0].Sensitive);
        form.RetainDays = null;
        form.Questions[0].Sensitive = false;
        ev = await SaveAsync(form);
        Assert.Null(ev.RetainDays);
        Assert.False(ev.Questions[0].Sensitive);

        // Too many days, or fewer than none: said as typed, and a save changes nothing.
        foreach (var days in new[] { -1, 3651 })
        {
            form = EventForm.From(ev);
            form.RetainDays = days;
            Assert.Equal("Enter a number of days from 0 to 3,650, or leave it empty for the usual time.", form.RetainDaysError);
            var refused = await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, Organiser);
            Assert.Equal(EditOutcome.Invalid, refused.Outcome);
            Assert.Equal(form.RetainDaysError, refused.Message);
        }

        form = EventForm.From(ev);
        form.RetainDays = 0;
        Assert.Null(form.RetainDaysError);
        Assert.Equal(0, (await SaveAsync(form)).RetainDays);
    }

    private async Task<Event> LoadAsync(string slug)
    {
        await using var db = Database.Open();
        return await db.Events.AsNoTracking().SingleAsync(e => e.Slug == slug);
    }

    private async Task<Event> SaveAsync(EventForm form, int? id = null)
    {
        var eventId = id ?? (await LoadAsync(form.Slug!)).Id;
        var result = await Editor().SaveAsync(eventId, form, MoveNotice.AskFirst, Organiser);
        Assert.True(result.Outcome == EditOutcome.Saved, result.Message);
        return await LoadAsync(result.Slug!);
    }

    private static EventForm Copy(EventForm form, Action<EventForm> change)
    {
        var copy = new EventForm { Title = form.Title, Starts = form.Starts, Ends = form.Ends, Online = form.Online, Reminders = form.Reminders, Questions = form.Questions, Description = form.Description };
        change(copy);
        return copy;
    }

    [Fact]
    public async Task Saving_in_the_editor_keeps_the_import_notes_and_whether_they_were_reviewed()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "imported", null, new DateTime(2026, 12, 9, 10, 0, 0), d => d with { ReviewNotes = ["Times 10:00–12:00 read from the page text."] });
        var form = EventForm.From(ev);
        form.Title = "Imported, retitled";

        Assert.Equal(EditOutcome.Saved, (await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, Organiser)).Outcome);

        await using var db = Database.Open();
        var saved = await db.Events.SingleAsync(e => e.Id == ev.Id);
        Assert.Equal("Imported, retitled", saved.Title);
        Assert.Equal(["Times 10:00–12:00 read from the page text."], saved.ReviewNotes);
        Assert.True(saved.NeedsReview);
    }

    [Fact]
    public async Task Saving_a_time_to_be_confirmed_as_shown_keeps_it_to_be_confirmed_and_asks_nobody()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "days", 10, new DateTime(2026, 12, 9, 10, 0, 0), d => d with { Schedule = EventSchedule.OnDays(new DateOnly(2026, 12, 9), new DateOnly(2026, 12, 11), "Europe/London") });
        await new SignUpService(Database.Factory, Clock, new ManageLinks(new EphemeralDataProtectionProvider())).SignUpAsync(ev.Id, EventRegistrationTests.Details("Ada", "ada@example.org"));
        var form = EventForm.From(ev);
        form.Title = "Three days";

        Assert.Equal(EditOutcome.Saved, (await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, Organiser)).Outcome);
        await using (var db = Database.Open())
        {
            var saved = await db.Events.SingleAsync();
            Assert.Equal(("Three days", ev.Schedule), (saved.Title, saved.Schedule));
            Assert.True(saved.Schedule.TimeToBeConfirmed);
            Assert.Equal(Clock.GetUtcNow().UtcDateTime, saved.EditedHereAtUtc);

            // As the page does after a save: the form now stands for the saved event.
            form.LoadedVersion = saved.UpdatedAtUtc;
        }

        // A time the organiser gives is a new time: the people registered are told, once they confirm.
        form.Starts = new DateTime(2026, 12, 9, 10, 0, 0);
        Assert.Equal(EditOutcome.NeedsConfirmation, (await Editor().SaveAsync(ev.Id, form, MoveNotice.AskFirst, Organiser)).Outcome);
    }

    [Fact]
    public async Task A_form_opened_before_an_import_changed_the_event_saves_nothing()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "imported-twice", null, new DateTime(2026, 12, 9, 10, 0, 0));
        var stale = EventForm.From(ev);
        Clock.Now += TimeSpan.FromMinutes(5);
        await using (var db = Database.Open())
        {
            var tracked = await db.Events.SingleAsync(e => e.Id == ev.Id);
            tracked.ApplyDetails(new EventDetails { Title = "Retitled by the import", Description = "New page text.", Schedule = tracked.Schedule, Location = tracked.Location }, Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        var result = await Editor().SaveAsync(ev.Id, stale, MoveNotice.AskFirst, Organiser);

        Assert.Equal(EditOutcome.ChangedMeanwhile, result.Outcome);
        Assert.Contains("nothing was saved", result.Message, StringComparison.Ordinal);
        await using var check = Database.Open();
        var kept = await check.Events.SingleAsync(e => e.Id == ev.Id);
        Assert.Equal(("Retitled by the import", "New page text.", (DateTime?)null), (kept.Title, kept.Description, kept.EditedHereAtUtc));
        Assert.False(await check.Audit.AnyAsync(a => a.EventId == ev.Id));
    }

    [Fact]
    public async Task A_form_opened_before_another_organiser_cancelled_the_event_saves_nothing()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "cancelled-in-another-tab", null, new DateTime(2026, 12, 9, 10, 0, 0), d => d with { Title = "Winter gathering" });
        var stale = EventForm.From(ev);
        Assert.Equal(EditOutcome.Saved, (await Editor().CancelAsync(ev.Id, "other@example.org", "The venue has closed.", tellThem: false)).Outcome);

        stale.Title = "Winter gathering (new date)";
        stale.Starts = new DateTime(2027, 1, 13, 10, 0, 0);
        stale.Ends = new DateTime(2027, 1, 13, 12, 0, 0);
        var result = await Editor().SaveAsync(ev.Id, stale, MoveNotice.DoNotEmail, Organiser);

        Assert.Equal(EditOutcome.ChangedMeanwhile, result.Outcome);
        await using var check = Database.Open();
        var kept = await check.Events.SingleAsync(e => e.Id == ev.Id);
        Assert.Equal(("Winter gathering", EventStatus.Cancelled, new DateTime(2026, 12, 9, 10, 0, 0)), (kept.Title, kept.Status, kept.Schedule.StartsAtUtc));
    }

    [Fact]
    public async Task A_duplicate_starts_without_the_import_notes_and_is_kept_from_imports()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "2026-12-09-community-of-practice", 100, new DateTime(2026, 12, 9, 14, 0, 0), d => d with { ReviewNotes = ["Times 14:00–15:00 read from the page text."] });

        var copy = await Editor().DuplicateAsync(ev.Id, Organiser);

        await using var db = Database.Open();
        var saved = await db.Events.SingleAsync(e => e.Slug == copy.Slug);
        Assert.Empty(saved.ReviewNotes);
        Assert.False(saved.NeedsReview);
        Assert.NotNull(saved.EditedHereAtUtc);
    }

    private EventEditorService Editor() => new(Database.Factory, new EventNotices(Database.Factory, Links, Clock), Clock);
}
