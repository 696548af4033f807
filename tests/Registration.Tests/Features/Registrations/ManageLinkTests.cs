using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Email;
using Registration.Web.Features.EventEditor;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Registrations;

/// <summary>
/// Every email about a registration carries its own manage link, and it works: each kind is sent
/// through the real app (mail written as .eml files, read back with Python's parser) and its link is
/// followed over HTTP as the person would. Also: offers claimed on the manage page, turning links off,
/// and cancelling after the end.
/// </summary>
public sealed class ManageLinkTests : IDisposable
{
    private const string Organiser = "organiser@example.org";
    private static readonly DateTime July = new(2025, 7, 9, 14, 0, 0);
    private static readonly DateTime August = new(2025, 8, 13, 14, 0, 0);
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);
    private readonly SignUpClient _signUps;
    private readonly HashSet<string> _followed = [];
    private readonly Dictionary<string, string> _kindsSeen = [];

    public ManageLinkTests() => _signUps = new SignUpClient(_app.CreateClient());

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Every_kind_of_email_carries_a_manage_link_that_opens_the_registration()
    {
        var services = _app.Services;
        var july = await TestEvents.AddAsync(_app.DbFactory, "july", capacity: 1, July);
        var august = await TestEvents.AddAsync(_app.DbFactory, "august", capacity: 1, August, d => d with { WaitlistOfferHours = 24 });

        await _signUps.PostAsync("july", SignUpClient.Fields("Ada Lovelace", "ada@example.org"));
        await _signUps.PostAsync("july", SignUpClient.Fields("Grace Hopper", "grace@example.org"));
        await FollowNewMailAsync();

        await _signUps.PostAsync("july", SignUpClient.Fields("Ada Lovelace", "ada@example.org"));
        await FollowNewMailAsync();

        var adaToken = await LatestTokenAsync("ada@example.org");
        var confirm = await HttpPage.GetAsync(_signUps.Client, $"/manage/cancel?token={adaToken}");
        await PostAsync($"/manage/cancel?token={adaToken}", "cancel", confirm);
        await FollowNewMailAsync();

        var announcements = services.GetRequiredService<Announcements>();
        await announcements.SendAsync(july.Id, Audience.Confirmed, "Venue", "We meet in room 2.", Organiser, await announcements.AudienceAsync(july.Id, Audience.Confirmed));
        var form = EventForm.From(july);
        form.Venue = "Manchester Central Library";
        Assert.Equal(EditOutcome.Saved, (await services.GetRequiredService<EventEditorService>().SaveAsync(july.Id, form, MoveNotice.Email, Organiser)).Outcome);
        await FollowNewMailAsync();

        // Half an hour after the day-before reminder fell due (the event starts at 13:00 UTC).
        _app.Clock.Now = new DateTimeOffset(2025, 7, 8, 13, 30, 0, TimeSpan.Zero);
        Assert.True(await services.GetRequiredService<ReminderQueue>().QueueDueAsync() > 0);
        await FollowNewMailAsync();

        foreach (var (name, email) in new[] { ("Katherine Johnson", "katherine@example.org"), ("Mary Jackson", "mary@example.org"), ("Dorothy Vaughan", "dorothy@example.org") })
        {
            await _signUps.PostAsync("august", SignUpClient.Fields(name, email));
        }

        await FollowNewMailAsync();

        await services.GetRequiredService<ManageService>().CancelAsync(await LatestTokenAsync("katherine@example.org"));
        await FollowNewMailAsync();

        _app.Clock.Now += TimeSpan.FromHours(24);
        Assert.Equal(1, await services.GetRequiredService<WaitlistOffers>().ExpireDueAsync());
        await FollowNewMailAsync();

        Assert.Equal(EditOutcome.Saved, (await services.GetRequiredService<EventEditorService>().CancelAsync(august.Id, Organiser, "The speaker is ill.")).Outcome);
        await FollowNewMailAsync();

        Assert.Equal(
            ["announcement", "cancelled", "changed", "confirmed", "event cancelled", "link again", "offer lapsed", "offered", "promoted", "reminder", "waiting"],
            _kindsSeen.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_offered_place_is_claimed_on_the_manage_page_and_the_public_page_says_how_offers_work()
    {
        await TestEvents.AddAsync(_app.DbFactory, "offers", capacity: 1, August, d => d with { WaitlistOfferHours = 12 });
        await _signUps.PostAsync("offers", SignUpClient.Fields("Ada", "ada@example.org"));
        var full = await HttpPage.GetAsync(_signUps.Client, "/events/offers");
        Assert.Contains("the first person waiting is offered it by email and has 12 hours to claim it", full.Text, StringComparison.Ordinal);
        await _signUps.PostAsync("offers", SignUpClient.Fields("Grace", "grace@example.org"));
        await _app.Services.GetRequiredService<ManageService>().CancelAsync(await LatestTokenAsync("ada@example.org"));

        var offer = await _app.Mail.WaitForAsync(m => m.Subject == "A place is yours if you want it: Test event offers");
        var held = await HttpPage.GetAsync(_signUps.Client, "/events/offers");
        Assert.Contains("1 place is being held for people on the waiting list while they decide.", held.Text, StringComparison.Ordinal);
        Assert.Contains("We are holding it for you until Sunday 1 June 2025, 22:00 UK time.", offer.Text, StringComparison.Ordinal);
        var page = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={offer.ManageToken}");
        Assert.Equal("offered", SignUpClient.Status(page));
        Assert.Contains("Claim my place", page.Text, StringComparison.Ordinal);

        var claimed = await PostAsync($"/manage?token={offer.ManageToken}", "claim", page);

        Assert.Equal("confirmed", SignUpClient.Status(claimed));
        Assert.DoesNotContain("being held", (await HttpPage.GetAsync(_signUps.Client, "/events/offers")).Text, StringComparison.Ordinal);
        Assert.Contains("The place is yours.", claimed.Text, StringComparison.Ordinal);
        var confirmation = await _app.Mail.WaitForAsync(m => m.Subject == "You're registered: Test event offers" && m.To.Contains("grace", StringComparison.Ordinal));
        Assert.Equal("PUBLISH", Assert.Single(confirmation.Attachments).Method);
    }

    [Fact]
    public async Task Turning_other_links_off_keeps_only_the_one_in_hand()
    {
        await TestEvents.AddAsync(_app.DbFactory, "links", capacity: null, July);
        await _signUps.PostAsync("links", SignUpClient.Fields("Ada", "ada@example.org"));
        var first = await LatestTokenAsync("ada@example.org");
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            await _app.Services.GetRequiredService<AttendeeActions>().ResendConfirmationAsync(await db.Registrations.Select(r => r.Id).SingleAsync(), Organiser);
        }

        var second = await LatestTokenAsync("ada@example.org", after: first);

        var page = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={second}");
        var done = await PostAsync($"/manage?token={second}", "revoke-links", page);

        Assert.Contains("every other link to your registration has stopped working", done.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={first}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={second}")).Status);
    }

    [Fact]
    public async Task Cancelling_after_the_event_has_ended_is_refused_with_a_clear_page_and_no_email()
    {
        await TestEvents.AddAsync(_app.DbFactory, "over", capacity: null, July);
        await _signUps.PostAsync("over", SignUpClient.Fields("Ada", "ada@example.org"));
        var token = await LatestTokenAsync("ada@example.org");
        var confirm = await HttpPage.GetAsync(_signUps.Client, $"/manage/cancel?token={token}");
        int messagesBefore;
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            messagesBefore = await db.Outbox.CountAsync();
        }

        _app.Clock.Now = new DateTimeOffset(July.AddHours(3), TimeSpan.Zero);
        var manage = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={token}");
        Assert.Contains("This event has finished, so there is nothing to change or cancel.", manage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel my registration", manage.Text, StringComparison.Ordinal);
        var refusedPage = await HttpPage.GetAsync(_signUps.Client, $"/manage/cancel?token={token}");
        Assert.Contains("This event has already finished", refusedPage.Text, StringComparison.Ordinal);

        // A confirm page opened before the end and posted after it.
        var posted = await PostAsync($"/manage/cancel?token={token}", "cancel", confirm, HttpStatusCode.Conflict);

        Assert.Contains("Nothing was cancelled", posted.Text, StringComparison.Ordinal);
        Assert.Contains("This event has already finished", posted.Text, StringComparison.Ordinal);
        await using var check = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal(RegistrationStatus.Confirmed, (await check.Registrations.SingleAsync()).Status);
        Assert.Equal(messagesBefore, await check.Outbox.CountAsync());
    }

    [Fact]
    public async Task Only_people_who_had_a_place_get_a_calendar_cancellation_and_an_organisers_cancellation_says_who_cancelled()
    {
        await TestEvents.AddAsync(_app.DbFactory, "calendars", capacity: 1, August);
        await _signUps.PostAsync("calendars", SignUpClient.Fields("Ada", "ada@example.org"));
        await _signUps.PostAsync("calendars", SignUpClient.Fields("Grace", "grace@example.org"));
        var actions = _app.Services.GetRequiredService<AttendeeActions>();
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            await actions.CancelAsync(await db.Registrations.Where(r => r.Name == "Grace").Select(r => r.Id).SingleAsync(), Organiser);
            await actions.CancelAsync(await db.Registrations.Where(r => r.Name == "Ada").Select(r => r.Id).SingleAsync(), Organiser);
        }

        await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var cancelled = (await _app.Mail.WaitForCountAsync(4)).Where(m => m.Subject.StartsWith("Your registration is cancelled", StringComparison.Ordinal)).ToList();

        var grace = Assert.Single(cancelled, m => m.To.Contains("grace", StringComparison.Ordinal));
        Assert.Empty(grace.Attachments);
        var ada = Assert.Single(cancelled, m => m.To.Contains("ada", StringComparison.Ordinal));
        Assert.Equal("CANCEL", Assert.Single(ada.Attachments).Method);
        Assert.Contains("The organisers have cancelled your registration", ada.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_posted_after_things_changed_answer_with_a_page_never_a_blank_400()
    {
        await TestEvents.AddAsync(_app.DbFactory, "late", capacity: 1, August, d => d with { WaitlistOfferHours = 2 });
        await _signUps.PostAsync("late", SignUpClient.Fields("Ada", "ada@example.org"));
        await _signUps.PostAsync("late", SignUpClient.Fields("Grace", "grace@example.org"));
        var graceFirst = await LatestTokenAsync("grace@example.org");
        await _app.Services.GetRequiredService<ManageService>().CancelAsync(await LatestTokenAsync("ada@example.org"));
        var offer = (await _app.Mail.WaitForAsync(m => m.Subject == "A place is yours if you want it: Test event late")).ManageToken!;
        var claimPage = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={offer}");
        var tab = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={graceFirst}");

        // The deadline passes with the page open, before the job has let the offer lapse.
        _app.Clock.Now += TimeSpan.FromHours(2);
        var late = await PostAsync($"/manage?token={offer}", "claim", claimPage);
        Assert.Contains("the time to claim this place has run out", late.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Claim my place", late.Text, StringComparison.Ordinal);

        // Links survive an offer lapsing (nobody asked for it); they show what happened.
        Assert.Equal(1, await _app.Services.GetRequiredService<WaitlistOffers>().ExpireDueAsync());
        var lapsed = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={offer}");
        Assert.Contains("it was not claimed in time, so the offer ended", lapsed.Text, StringComparison.Ordinal);
        Assert.Contains("There is no place on offer to you now.", (await PostAsync($"/manage?token={offer}", "claim", claimPage)).Text, StringComparison.Ordinal);

        // A tab opened on a link that has since been turned off.
        await PostAsync($"/manage?token={offer}", "revoke-links", claimPage);
        var stale = await PostAsync($"/manage?token={graceFirst}", "revoke-links", tab, HttpStatusCode.NotFound);
        Assert.Contains("This link does not work", stale.Text, StringComparison.Ordinal);
        var staleCancel = await PostAsync($"/manage/cancel?token={graceFirst}", "cancel", tab, HttpStatusCode.NotFound);
        Assert.Contains("This link does not work", staleCancel.Text, StringComparison.Ordinal);
    }

    /// <summary>Sends what is due, then follows the manage link of every email not yet seen, as its recipient would.</summary>
    private async Task FollowNewMailAsync()
    {
        await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            await Eventually.TrueAsync(async () => !await db.Outbox.AnyAsync(m => m.Status == OutboxStatus.Pending));
        }

        foreach (var mail in await _app.Mail.ReadAllAsync())
        {
            if (!_followed.Add(mail.File))
            {
                continue;
            }

            Assert.True(mail.ManageToken is not null, $"no manage link in \"{mail.Subject}\"");
            var page = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={mail.ManageToken}");
            Assert.True(page.Status == HttpStatusCode.OK, $"the link in \"{mail.Subject}\" answered {page.Status}");
            var name = mail.To.Split('<')[0].Trim().Trim('"');
            Assert.Contains($"<dd>{name}</dd>", page.Html, StringComparison.Ordinal);
            Assert.Contains($"/manage?token={mail.ManageToken}", mail.Html, StringComparison.Ordinal);
            _kindsSeen.TryAdd(KindOf(mail.Subject), mail.Subject);
        }
    }

    private static string KindOf(string subject) => subject switch
    {
        _ when subject.StartsWith("You're registered", StringComparison.Ordinal) => "confirmed",
        _ when subject.StartsWith("You're on the waiting list", StringComparison.Ordinal) => "waiting",
        _ when subject.StartsWith("A place has come free", StringComparison.Ordinal) => "promoted",
        _ when subject.StartsWith("A place is yours if you want it", StringComparison.Ordinal) => "offered",
        _ when subject.StartsWith("The place we held for you has gone", StringComparison.Ordinal) => "offer lapsed",
        _ when subject.StartsWith("Your registration is cancelled", StringComparison.Ordinal) => "cancelled",
        _ when subject.StartsWith("Your link for", StringComparison.Ordinal) => "link again",
        _ when subject.StartsWith("Reminder:", StringComparison.Ordinal) => "reminder",
        _ when subject.StartsWith("Changed:", StringComparison.Ordinal) => "changed",
        _ when subject.StartsWith("Cancelled:", StringComparison.Ordinal) => "event cancelled",
        _ when subject.EndsWith(": Venue", StringComparison.Ordinal) => "announcement",
        _ => throw new InvalidOperationException($"unexpected email \"{subject}\""),
    };

    private async Task<string> LatestTokenAsync(string email, string? after = null)
    {
        await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        return (await _app.Mail.WaitForAsync(m => m.To.Contains(email, StringComparison.OrdinalIgnoreCase) && m.ManageToken is not null && m.ManageToken != after)).ManageToken!;
    }

    private async Task<HttpPage> PostAsync(string url, string handler, HttpPage formPage, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = handler, ["__RequestVerificationToken"] = formPage.AntiforgeryToken });
        using var response = await _signUps.Client.PostAsync(new Uri(url, UriKind.Relative), content);
        Assert.Equal(expected, response.StatusCode);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
