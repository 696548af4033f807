using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.EventEditor;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Features.Attendees;

public sealed class AnnouncementTests : IDisposable
{
    private const string Organiser = "org@example.org";
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    private Announcements Announcements => _app.Services.GetRequiredService<Announcements>();

    [Fact]
    public async Task An_organisers_message_reaches_the_chosen_audience_with_the_event_details()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "venue", capacity: 1, new DateTime(2025, 7, 1, 10, 0, 0));
        var signUps = new SignUpClient(_app.CreateClient());
        await signUps.PostAsync("venue", SignUpClient.Fields("Ada", "ada@example.org"));
        await signUps.PostAsync("venue", SignUpClient.Fields("Grace", "grace@example.org"));

        Assert.Equal(1, await Announcements.CountAsync(ev.Id, Audience.Confirmed));
        Assert.Equal(2, await Announcements.CountAsync(ev.Id, Audience.EveryoneActive));
        var adaAlone = await Announcements.AudienceAsync(ev.Id, Audience.Confirmed);
        await Assert.ThrowsAsync<DomainException>(() => Announcements.SendAsync(ev.Id, Audience.Confirmed, " ", "Body", Organiser, adaAlone));

        var sent = await Announcements.SendAsync(ev.Id, Audience.Confirmed, "Venue confirmed", "We will meet at Friends Meeting House.\n\nDoors open at 9:30.", Organiser, await Announcements.AudienceAsync(ev.Id, Audience.Confirmed));

        Assert.Equal(1, sent);
        var mail = await _app.Mail.WaitForAsync(m => m.Subject == "Test event venue: Venue confirmed");
        Assert.Contains("ada@example.org", mail.To, StringComparison.Ordinal);
        Assert.Contains("Hello Ada,\r\n\r\nWe will meet at Friends Meeting House.\r\n\r\nDoors open at 9:30.", mail.Text!.Replace("\n", "\r\n", StringComparison.Ordinal).Replace("\r\r", "\r", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("When: Tuesday 1 July 2025, 10:00–12:00 UK time", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(await _app.Mail.ReadAllAsync(), m => m.Subject.EndsWith("Venue confirmed", StringComparison.Ordinal) && m.To.Contains("grace@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_audience_reaches_exactly_its_people_and_the_history_says_who_sent_what_to_how_many()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "groups", capacity: 3, new DateTime(2025, 7, 1, 10, 0, 0), d => d with { WaitlistOfferHours = 24 });
        var signUps = new SignUpClient(_app.CreateClient());
        foreach (var name in new[] { "Ada", "Grace", "Linus", "Katherine", "Dave", "Edsger" })
        {
            await signUps.PostAsync("groups", SignUpClient.Fields(name, $"{name.ToLowerInvariant()}@example.org"));
        }

        var actions = _app.Services.GetRequiredService<AttendeeActions>();
        await actions.CheckInAsync(await IdOfAsync("ada"), Organiser);
        await actions.CancelAsync(await IdOfAsync("linus"), Organiser);   // Katherine, first waiting, is offered the place
        await actions.CancelAsync(await IdOfAsync("edsger"), Organiser);  // left the waiting list
        Assert.Equal(RegistrationStatus.Offered, await StatusOfAsync("katherine"));

        var expected = new Dictionary<Audience, string[]>
        {
            [Audience.Confirmed] = ["ada", "grace"],
            [Audience.Waiting] = ["dave", "katherine"],
            [Audience.CheckedIn] = ["ada"],
            [Audience.NotCheckedIn] = ["grace"],
            [Audience.EveryoneActive] = ["ada", "dave", "grace", "katherine"],
        };
        Assert.Equal(Enum.GetValues<Audience>().Order(), expected.Keys.Order());
        foreach (var (audience, people) in expected)
        {
            _app.Clock.Now = _app.Clock.Now.AddMinutes(1);
            Assert.Equal(people.Length, await Announcements.CountAsync(ev.Id, audience));
            Assert.Equal(people.Length, await Announcements.SendAsync(ev.Id, audience, $"To {audience}", "Hello.", Organiser, await Announcements.AudienceAsync(ev.Id, audience)));
            await using var db = await _app.DbFactory.CreateDbContextAsync();
            var announcement = await db.Announcements.OrderBy(a => a.Id).LastAsync();
            Assert.Equal((audience, people.Length, Organiser), (announcement.Audience, announcement.RecipientCount, announcement.SentBy));
            var to = await db.Outbox.Where(m => m.AnnouncementId == announcement.Id).Select(m => m.ToAddress).ToListAsync();
            Assert.Equal(people.Select(p => $"{p}@example.org"), to.Order(StringComparer.Ordinal));
        }

        // Newest first, with the delivered count read from the outbox once the mail has gone.
        await Eventually.TrueAsync(async () => (await Announcements.HistoryAsync(ev.Id)).All(h => h.Delivered == h.RecipientCount));
        var history = await Announcements.HistoryAsync(ev.Id);
        Assert.Equal(["To EveryoneActive", "To NotCheckedIn", "To CheckedIn", "To Waiting", "To Confirmed"], history.Select(h => h.Subject));
        Assert.Equal([4, 1, 1, 2, 2], history.Select(h => h.RecipientCount));
        Assert.All(history, h => Assert.Equal((Organiser, 0, MessageKind.Announcement), (h.SentBy, h.Failed, h.Kind)));
        Assert.Equal(_app.Clock.Now.UtcDateTime, history[0].SentAtUtc);
    }

    [Fact]
    public async Task Markdown_arrives_as_formatting_with_one_greeting_and_anything_unsafe_removed()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "markup", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));
        await new SignUpClient(_app.CreateClient()).PostAsync("markup", SignUpClient.Fields("Ada <b>Lovelace</b>", "ada@example.org"));
        const string Body = """
            Please **bring a laptop** and see [the venue](https://example.org/venue).

            <script>alert(1)</script><img src=x onerror="alert(2)">

            [click me](javascript:alert(3)) <a href="JaVaScRiPt:alert(4)">or me</a>

            - first
            - second
            """;

        await Announcements.SendAsync(ev.Id, Audience.Confirmed, "Bring a laptop", Body, Organiser, await Announcements.AudienceAsync(ev.Id, Audience.Confirmed));

        var mail = await _app.Mail.WaitForAsync(m => m.Subject == "Test event markup: Bring a laptop");
        var html = mail.Html!;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "Hello "));
        Assert.Contains("<p>Hello Ada &lt;b&gt;Lovelace&lt;/b&gt;,</p>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bring a laptop</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/venue\" rel=\"noopener\">the venue</a>", html, StringComparison.Ordinal);
        Assert.Contains("<li>second</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<a href=\"#\">click me</a>", html, StringComparison.Ordinal);
        Assert.Contains("overflow-wrap: break-word", html, StringComparison.Ordinal);

        var text = mail.Text!;
        Assert.Contains("Please bring a laptop and see the venue (https://example.org/venue).", text, StringComparison.Ordinal);
        Assert.Contains("- first", text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", text, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Relative_links_and_images_arrive_as_addresses_on_this_site()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "relative", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));
        await new SignUpClient(_app.CreateClient()).PostAsync("relative", SignUpClient.Fields("Ada", "ada@example.org"));
        const string Body = "See [the map](/assets/map.pdf) and [the agenda](agenda#day-one).\n\n![The hall](/assets/hall.jpg) [mail us](mailto:hello@example.org) [top](#top)";

        await Announcements.SendAsync(ev.Id, Audience.Confirmed, "Directions", Body, Organiser, await Announcements.AudienceAsync(ev.Id, Audience.Confirmed));

        var site = _app.Services.GetRequiredService<Registration.Web.Infrastructure.PublicUrls>().BaseUri();
        var mail = await _app.Mail.WaitForAsync(m => m.Subject == "Test event relative: Directions");
        Assert.Contains($"<a href=\"{new Uri(site, "/assets/map.pdf")}\">the map</a>", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{new Uri(site, "agenda#day-one")}\">the agenda</a>", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"<img src=\"{new Uri(site, "/assets/hall.jpg")}\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"mailto:hello@example.org\">mail us</a>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#top\">top</a>", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"the map ({new Uri(site, "/assets/map.pdf")})", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subject_with_a_line_break_is_refused_before_anything_is_queued()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "inject", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));
        await new SignUpClient(_app.CreateClient()).PostAsync("inject", SignUpClient.Fields("Ada", "ada@example.org"));
        await AddOrganiserAsync();
        var before = await OutboxCountAsync();
        var ada = await Announcements.AudienceAsync(ev.Id, Audience.Confirmed);

        foreach (var subject in new[] { "Venue\r\nBcc: everyone@example.org", "Venue\nBcc: everyone@example.org", "Venue\rX: y" })
        {
            var error = await Assert.ThrowsAsync<DomainException>(() => Announcements.SendAsync(ev.Id, Audience.Confirmed, subject, "Body", Organiser, ada));
            Assert.Equal("The subject must be a single line, without line breaks or tabs.", error.Message);
            await Assert.ThrowsAsync<DomainException>(() => Announcements.SendTestAsync(ev.Id, subject, "Body", Organiser));
        }

        Assert.Equal(before, await OutboxCountAsync());
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.Empty(db.Announcements);
    }

    [Fact]
    public async Task Nothing_is_sent_when_the_audience_changed_after_the_organiser_confirmed_its_size()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "grown", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));
        var signUps = new SignUpClient(_app.CreateClient());
        await signUps.PostAsync("grown", SignUpClient.Fields("Ada", "ada@example.org"));
        var confirmed = await Announcements.AudienceAsync(ev.Id, Audience.Confirmed);
        await signUps.PostAsync("grown", SignUpClient.Fields("Grace", "grace@example.org"));
        var before = await OutboxCountAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => Announcements.SendAsync(ev.Id, Audience.Confirmed, "Venue", "Body", Organiser, confirmed));

        Assert.Equal("Nothing was sent: the audience has changed since you confirmed, and is now 2 people.", error.Message);
        Assert.Equal(before, await OutboxCountAsync());
        Assert.Equal(2, await Announcements.SendAsync(ev.Id, Audience.Confirmed, "Venue", "Body", Organiser, await Announcements.AudienceAsync(ev.Id, Audience.Confirmed)));
    }

    [Fact]
    public async Task Nothing_is_sent_when_one_person_left_and_another_joined_after_the_organiser_confirmed()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "swap", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));
        var signUps = new SignUpClient(_app.CreateClient());
        await signUps.PostAsync("swap", SignUpClient.Fields("Ada", "ada@example.org"));
        await signUps.PostAsync("swap", SignUpClient.Fields("Grace", "grace@example.org"));
        var confirmed = await Announcements.AudienceAsync(ev.Id, Audience.Confirmed);
        await _app.Services.GetRequiredService<AttendeeActions>().CancelAsync(await IdOfAsync("grace"), Organiser);
        await signUps.PostAsync("swap", SignUpClient.Fields("Linus", "linus@example.org"));
        Assert.Equal(confirmed.Count, await Announcements.CountAsync(ev.Id, Audience.Confirmed));
        var before = await OutboxCountAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => Announcements.SendAsync(ev.Id, Audience.Confirmed, "Venue", "Body", Organiser, confirmed));

        Assert.Equal("Nothing was sent: the audience has changed since you confirmed, and is now 2 people.", error.Message);
        Assert.Equal(before, await OutboxCountAsync());
        Assert.Empty(await Announcements.HistoryAsync(ev.Id));

        // The order the ids are given in does not matter, only who they are.
        Assert.Equal(2, await Announcements.SendAsync(ev.Id, Audience.Confirmed, "Venue", "Body", Organiser, (await Announcements.AudienceAsync(ev.Id, Audience.Confirmed)).Reverse().ToList()));
    }

    [Fact]
    public async Task A_move_and_a_cancellation_with_emailing_are_in_the_history_as_the_notices_they_were()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "moved", capacity: 1, new DateTime(2025, 7, 1, 10, 0, 0), d => d with { Location = EventLocation.InPerson("Manchester (venue TBC)") });
        var signUps = new SignUpClient(_app.CreateClient());
        await signUps.PostAsync("moved", SignUpClient.Fields("Ada", "ada@example.org"));
        await signUps.PostAsync("moved", SignUpClient.Fields("Grace", "grace@example.org"));   // waiting: told as well
        await signUps.PostAsync("moved", SignUpClient.Fields("Gone", "gone@example.org"));
        await _app.Services.GetRequiredService<AttendeeActions>().CancelAsync(await IdOfAsync("gone"), Organiser);
        var editor = _app.Services.GetRequiredService<EventEditorService>();
        var form = EventForm.From(ev);
        form.Venue = "Friends Meeting House, Manchester";

        _app.Clock.Now = _app.Clock.Now.AddMinutes(1);
        Assert.Equal(EditOutcome.Saved, (await editor.SaveAsync(ev.Id, form, MoveNotice.Email, "mover@example.org")).Outcome);
        _app.Clock.Now = _app.Clock.Now.AddMinutes(1);
        Assert.Equal(EditOutcome.Saved, (await editor.CancelAsync(ev.Id, Organiser, "The venue has closed.")).Outcome);

        await _app.Mail.WaitForAsync(m => m.Subject == "Cancelled: Test event moved" && m.To.Contains("grace@", StringComparison.Ordinal));

        // The editor took the place as it was before saving, and the notice says what it was and is.
        var moved = await _app.Mail.WaitForAsync(m => m.Subject == "Changed: Test event moved" && m.To.Contains("grace@", StringComparison.Ordinal));
        Assert.Contains("Where: was Manchester (venue TBC), now Friends Meeting House, Manchester", moved.Text, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await Announcements.HistoryAsync(ev.Id)).All(h => h.Delivered == h.RecipientCount));
        var history = await Announcements.HistoryAsync(ev.Id);
        Assert.Equal(
            [
                (MessageKind.EventCancelled, "Cancelled: Test event moved", Organiser, 2, 2, 0),
                (MessageKind.EventChanged, "Changed: Test event moved", "mover@example.org", 2, 2, 0),
            ],
            history.Select(h => (h.Kind, h.Subject, h.SentBy, h.RecipientCount, h.Delivered, h.Failed)));
        Assert.All(history, h => Assert.Equal(Audience.EveryoneActive, h.Audience));
        Assert.Equal(_app.Clock.Now.UtcDateTime, history[0].SentAtUtc);
        Assert.Equal(_app.Clock.Now.UtcDateTime.AddMinutes(-1), history[1].SentAtUtc);
        Assert.Equal(["Cancellation notice", "Change notice"], history.Select(h => Announcements.NoticeKind(h.Kind)));

        // Every cancellation and change notice is one copy of its history entry; none is left out of the count.
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal(0, await db.Outbox.CountAsync(m => (m.Kind == MessageKind.EventCancelled || m.Kind == MessageKind.EventChanged) && m.AnnouncementId == null));
    }

    [Fact]
    public async Task A_cancellation_that_tells_nobody_adds_nothing_to_the_history()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "quiet", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));
        await new SignUpClient(_app.CreateClient()).PostAsync("quiet", SignUpClient.Fields("Ada", "ada@example.org"));

        Assert.Equal(EditOutcome.Saved, (await _app.Services.GetRequiredService<EventEditorService>().CancelAsync(ev.Id, Organiser, "Not enough interest.", tellThem: false)).Outcome);

        Assert.Empty(await Announcements.HistoryAsync(ev.Id));
    }

    [Fact]
    public async Task A_test_goes_to_the_organiser_alone_marked_as_a_test_and_stays_out_of_the_history()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "trial", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));
        await new SignUpClient(_app.CreateClient()).PostAsync("trial", SignUpClient.Fields("Ada", "ada@example.org"));
        await AddOrganiserAsync();
        Assert.Equal(Organiser, await Announcements.SendTestAsync(ev.Id, "Venue", "We meet in **room 2**.", Organiser));

        var mail = await _app.Mail.WaitForAsync(m => m.Subject == "[Test] Test event trial: Venue");
        Assert.Equal($"\"{Organiser}\" <{Organiser}>", mail.To);
        Assert.Contains("<p>Hello org@example.org,</p><p>We meet in <strong>room 2</strong>.</p>", mail.Html, StringComparison.Ordinal);
        Assert.Null(mail.ManageToken);
        Assert.Empty(await Announcements.HistoryAsync(ev.Id));
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal([(MessageKind.RegistrationConfirmed, "ada@example.org"), (MessageKind.AnnouncementTest, Organiser)], (await db.Outbox.OrderBy(m => m.Id).Select(m => new { m.Kind, m.ToAddress }).ToListAsync()).Select(m => (m.Kind, m.ToAddress)));
    }

    private async Task AddOrganiserAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync(Organiser, OrganiserClient.Password);
    }

    private async Task<int> IdOfAsync(string name)
    {
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        return await db.Registrations.Where(r => r.Email == $"{name}@example.org").Select(r => r.Id).SingleAsync();
    }

    private async Task<RegistrationStatus> StatusOfAsync(string name)
    {
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        return await db.Registrations.Where(r => r.Email == $"{name}@example.org").Select(r => r.Status).SingleAsync();
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        return await db.Outbox.CountAsync();
    }
}
