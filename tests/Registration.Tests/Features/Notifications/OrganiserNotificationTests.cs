using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Features.Email;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Notifications;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Notifications;

/// <summary>
/// The real app (its scheduler off, so the tests run the digest and the dispatcher themselves, with a
/// clock they move) and a real SMTP server, shared by the tests of <see cref="OrganiserNotificationTests"/>.
/// </summary>
public sealed class NotificationsApp : IAsyncLifetime
{
    /// <summary>A sign-up by this name fails after the notices are queued, as any later rule might.</summary>
    public const string FailingName = "Fails Later";

    public SmtpServer Smtp { get; private set; } = null!;

    public RegistrationAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpServer.StartAsync();
        App = new Factory(EmailDeliveryTests.SmtpSettings(Smtp.Port));
        _ = App.Services;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    private sealed class Factory(IReadOnlyDictionary<string, string> settings) : RegistrationAppFactory(nowUtc: "2025-06-01T09:00:00Z", seedSampleData: false, settings: settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.Remove(services.Single(s => s.ImplementationType == typeof(Scheduler)));

                // Registered after the app's own handlers, so it runs after the notices are queued.
                services.AddSingleton<IDomainEventHandler, FailAfterNotices>();
            });
        }
    }

    private sealed class FailAfterNotices : DomainEventHandler<SignedUp>
    {
        protected override Task HandleAsync(RegistrationDbContext db, SignedUp domainEvent, CancellationToken cancellationToken) =>
            domainEvent.Registration.Name == FailingName ? throw new InvalidOperationException("A later rule failed.") : Task.CompletedTask;
    }
}

/// <summary>Organisers' emails about sign-ups: off by default, one per sign-up, or a daily summary, through the outbox.</summary>
public sealed class OrganiserNotificationTests(NotificationsApp fixture) : IClassFixture<NotificationsApp>
{
    private static readonly DateTime July = new(2025, 7, 9, 14, 0, 0);
    private static readonly EventQuestion Role = EventQuestion.Create("role", "What do you do?", QuestionKind.Text, null, required: false);

    private RegistrationAppFactory App => fixture.App;

    [Fact]
    public async Task Nobody_is_emailed_about_sign_ups_until_they_choose_it()
    {
        var ev = await TestEvents.AddAsync(App.DbFactory, "off-by-default", capacity: 10, July);
        await OrganiserAsync("quiet@example.org");
        var digest = await OrganiserAsync("digest-only@example.org");
        await ChooseAsync(digest, ev, NotificationChoice.DailyDigest);
        var never = await OrganiserAsync("never@example.org");
        await ChooseAsync(never, ev, NotificationChoice.EachSignUp);
        await ChooseAsync(never, ev, NotificationChoice.None);

        Assert.Equal(SignUpOutcome.Confirmed, (await SignUpAsync(ev, "Ada Lovelace")).Outcome);

        Assert.Empty(await NoticesAsync(ev));
        Assert.Equal(NotificationChoice.None, await App.Services.GetRequiredService<NotificationChoices>().GetAsync(never, ev.Id));
    }

    [Fact]
    public async Task Each_sign_up_queues_one_email_to_each_organiser_who_chose_it_for_that_event_with_no_health_data()
    {
        var ev = await TestEvents.AddAsync(App.DbFactory, "each-sign-up", capacity: 1, July, d => d with { Title = "Power and Participation", Questions = [Role] });
        var other = await TestEvents.AddAsync(App.DbFactory, "each-sign-up-other", capacity: 10, July);
        var ada = await OrganiserAsync("each-ada@example.org");
        var bob = await OrganiserAsync("each-bob@example.org");
        var carol = await OrganiserAsync("each-carol@example.org");
        await ChooseAsync(ada, ev, NotificationChoice.EachSignUp);
        await ChooseAsync(bob, ev, NotificationChoice.EachSignUp);
        await ChooseAsync(carol, other, NotificationChoice.EachSignUp);

        await SignUpAsync(ev, "Grace Hopper", organisation: "Navy", accessNeeds: "Step-free access please", answer: "Rear admiral");
        Assert.Equal(SignUpOutcome.Waitlisted, (await SignUpAsync(ev, "Alan Turing")).Outcome);
        await App.Services.GetRequiredService<SignUpService>().AddByOrganiserAsync(ev.Id, Details("Joan Clarke", "joan@example.org"), "each-bob@example.org");

        var notices = await NoticesAsync(ev);
        Assert.Equal(6, notices.Count);
        Assert.Equal(["each-ada@example.org", "each-ada@example.org", "each-ada@example.org", "each-bob@example.org", "each-bob@example.org", "each-bob@example.org"], notices.Select(m => m.ToAddress).Order());
        Assert.Empty(await NoticesAsync(other));
        var first = notices.First(m => m.ToAddress == "each-ada@example.org");
        Assert.Equal("New sign-up: Power and Participation", first.Subject);
        Assert.Equal(
            "Grace Hopper (Navy) signed up for Power and Participation and has a place.\n"
            + "Now: 1 confirmed of 1 place, 0 waiting.\n"
            + "Access and dietary needs and answers to the form's questions are not sent by email: see them on the attendee list.",
            first.Body);
        var second = notices.Where(m => m.ToAddress == "each-ada@example.org").ElementAt(1);
        Assert.Equal("New on the waiting list: Power and Participation", second.Subject);
        Assert.StartsWith("Alan Turing joined the waiting list for Power and Participation, at number 1.\nNow: 1 confirmed of 1 place, 1 waiting.", second.Body, StringComparison.Ordinal);
        Assert.StartsWith(
            "Joan Clarke joined the waiting list for Power and Participation, at number 2.\nAdded by each-bob@example.org.\nNow: 1 confirmed of 1 place, 2 waiting.",
            notices.Last(m => m.ToAddress == "each-ada@example.org").Body,
            StringComparison.Ordinal);
        Assert.All(notices, m =>
        {
            Assert.DoesNotContain("Step-free", m.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Rear admiral", m.Body, StringComparison.Ordinal);
            Assert.Null(m.RegistrationId);
        });
    }

    [Fact]
    public async Task A_sign_up_that_fails_in_its_transaction_leaves_no_notice()
    {
        var ev = await TestEvents.AddAsync(App.DbFactory, "failing-sign-up", capacity: 10, July);
        await ChooseAsync(await OrganiserAsync("failing@example.org"), ev, NotificationChoice.EachSignUp);

        await Assert.ThrowsAsync<InvalidOperationException>(() => SignUpAsync(ev, NotificationsApp.FailingName));

        Assert.Empty(await NoticesAsync(ev));
        await using var db = await App.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Registrations.AnyAsync(r => r.EventId == ev.Id));
    }

    [Fact]
    public async Task A_removed_organiser_loses_their_choices_and_gets_nothing()
    {
        var ev = await TestEvents.AddAsync(App.DbFactory, "removed-organiser", capacity: 10, July);
        var gone = await OrganiserAsync("removed@example.org");
        await ChooseAsync(gone, ev, NotificationChoice.EachSignUp);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().RemoveAsync(gone)).Succeeded);
        }

        await SignUpAsync(ev, "Ada Lovelace");

        Assert.Empty(await NoticesAsync(ev));
        await using var db = await App.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Set<OrganiserNotification>().AnyAsync(n => n.OrganiserId == gone));
    }

    [Fact]
    public async Task A_daily_summary_covers_the_day_to_08_00_uk_time_once_and_only_days_with_news()
    {
        var ev = await TestEvents.AddAsync(App.DbFactory, "daily", capacity: 10, July, d => d with { Title = "Community of Practice" });
        var quiet = await TestEvents.AddAsync(App.DbFactory, "daily-quiet", capacity: 10, July);
        var organiser = await OrganiserAsync("daily@example.org");
        await ChooseAsync(organiser, ev, NotificationChoice.DailyDigest);
        await ChooseAsync(organiser, quiet, NotificationChoice.DailyDigest);
        var digests = App.Services.GetRequiredService<DailyDigests>();

        // 08:00 in London in June is 07:00 UTC.
        At("2025-06-09T06:30:00Z");
        await SignUpAsync(ev, "Before The Day", email: "early@example.org");
        At("2025-06-09T08:00:00Z");
        await SignUpAsync(ev, "Grace Hopper", organisation: "Navy");
        At("2025-06-10T06:59:00Z");
        await CancelAsync(ev, "early@example.org");
        At("2025-06-10T07:00:00Z");
        await SignUpAsync(ev, "Next Day");

        At("2025-06-10T07:05:00Z");
        await Task.WhenAll(digests.QueueDueAsync(), digests.QueueDueAsync());
        At("2025-06-10T16:00:00Z");
        await digests.QueueDueAsync();

        var digest = Assert.Single(await NoticesAsync(ev, MessageKind.OrganiserDigest));
        Assert.Empty(await NoticesAsync(quiet, MessageKind.OrganiserDigest));
        Assert.Equal("daily@example.org", digest.ToAddress);
        Assert.Equal("Daily summary: 1 sign-up, 1 cancellation for Community of Practice", digest.Subject);
        Assert.Equal(
            "From Monday 9 June 2025, 08:00 UK time to Tuesday 10 June 2025, 08:00 UK time:\n"
            + "Signed up (1):\n"
            + "• Grace Hopper (Navy): has a place\n"
            + "Cancelled (1):\n"
            + "• Before The Day\n"
            + "Now: 2 confirmed of 10 places, 0 waiting.\n"
            + "Access and dietary needs and answers to the form's questions are not sent by email: see them on the attendee list.",
            digest.Body);

        // The next morning: the sign-up made at 08:00 exactly, and nothing told twice.
        At("2025-06-11T07:00:00Z");
        await digests.QueueDueAsync();
        await digests.QueueDueAsync();
        var next = (await NoticesAsync(ev, MessageKind.OrganiserDigest)).Skip(1).Single();
        Assert.Equal("Daily summary: 1 sign-up for Community of Practice", next.Subject);
        Assert.StartsWith("From Tuesday 10 June 2025, 08:00 UK time to Wednesday 11 June 2025, 08:00 UK time:\nSigned up (1):\n• Next Day: has a place\nNow:", next.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_summary_after_days_without_a_run_covers_them_all()
    {
        var ev = await TestEvents.AddAsync(App.DbFactory, "daily-catch-up", capacity: null, July);
        var organiser = await OrganiserAsync("catch-up@example.org");
        await ChooseAsync(organiser, ev, NotificationChoice.DailyDigest);
        var digests = App.Services.GetRequiredService<DailyDigests>();
        At("2025-06-12T07:30:00Z");
        await digests.QueueDueAsync();
        Assert.Empty(await NoticesAsync(ev, MessageKind.OrganiserDigest));

        At("2025-06-12T09:00:00Z");
        await SignUpAsync(ev, "Day One");
        At("2025-06-14T09:00:00Z");
        await SignUpAsync(ev, "Day Three");

        // The app was down for two mornings; the next run tells both days in one.
        At("2025-06-15T10:00:00Z");
        await digests.QueueDueAsync();
        var digest = Assert.Single(await NoticesAsync(ev, MessageKind.OrganiserDigest));
        Assert.StartsWith(
            "From Thursday 12 June 2025, 08:00 UK time to Sunday 15 June 2025, 08:00 UK time:\nSigned up (2):\n• Day One: has a place\n• Day Three: has a place\nNow: 2 confirmed (no limit), 0 waiting.",
            digest.Body,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notices_and_summaries_reach_organisers_through_smtp_with_links_and_stored_line_breaks_kept_out_of_headers()
    {
        var ev = await TestEvents.AddAsync(App.DbFactory, "smtp-notice", capacity: 5, July, d => d with { Title = "Open Data Day" });
        await ChooseAsync(await OrganiserAsync("smtp-each@example.org"), ev, NotificationChoice.EachSignUp);
        await ChooseAsync(await OrganiserAsync("smtp-daily@example.org"), ev, NotificationChoice.DailyDigest);
        At("2025-06-20T09:00:00Z");
        await SignUpAsync(ev, "Eve", email: "eve@example.org", organisation: "Evil Corp");
        await using (var db = await App.DbFactory.CreateDbContextAsync())
        {
            // The form refuses line breaks in a name; one stored another way must still not make a header.
            await db.Registrations.Where(r => r.EventId == ev.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.Name, "Eve\r\nBcc: victim@example.org"));
        }

        At("2025-06-21T07:01:00Z");
        await App.Services.GetRequiredService<DailyDigests>().QueueDueAsync();
        await using (var db = await App.DbFactory.CreateDbContextAsync())
        {
            // Other tests' mail stays unsent, so that only this test's is looked for below.
            await db.Outbox.Where(m => m.EventId != ev.Id).ExecuteDeleteAsync();
        }

        await App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        var notice = await fixture.Smtp.Mail.WaitForAsync(m => m.Subject == "New sign-up: Open Data Day");
        Assert.Empty(notice.Defects);
        Assert.True(notice.MultipartAlternative, "text and HTML parts side by side");
        Assert.Equal("smtp-each@example.org", notice.Header("x-rcptto").Trim());
        Assert.Contains("Eve (Evil Corp) signed up for Open Data Day and has a place.", notice.Text, StringComparison.Ordinal);
        Assert.Contains("Now: 1 confirmed of 5 places, 0 waiting.", notice.Text, StringComparison.Ordinal);
        Assert.Contains("See the attendee list:\r\nhttps://events.example.org/organiser/events/smtp-notice\r\n", notice.Text, StringComparison.Ordinal);
        Assert.Contains("https://events.example.org/organiser/events/smtp-notice/notifications", notice.Text, StringComparison.Ordinal);
        // The attendee list is the notice's button.
        Assert.Matches("<a class=\"email-button\" href=\"https://events.example.org/organiser/events/smtp-notice\"[^>]*>See the attendee list</a>", notice.Html);
        Assert.Null(notice.ManageToken);

        var summary = await fixture.Smtp.Mail.WaitForAsync(m => m.Subject == "Daily summary: 1 sign-up for Open Data Day");
        Assert.Empty(summary.Defects);
        Assert.Equal("smtp-daily@example.org", summary.Header("x-rcptto").Trim());
        Assert.Equal(string.Empty, summary.Header("bcc"));
        Assert.Contains("• Eve Bcc: victim@example.org (Evil Corp): has a place\r\n", summary.Text, StringComparison.Ordinal);
    }

    private void At(string isoUtc) => App.Clock.Now = DateTimeOffset.Parse(isoUtc, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> OrganiserAsync(string email)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<OrganiserAccounts>();
        Assert.True((await accounts.CreateAsync(email, OrganiserClient.Password)).Succeeded);
        return (await accounts.ListAsync()).Single(o => o.Email == email).Id;
    }

    private Task ChooseAsync(string organiserId, Event ev, NotificationChoice choice) =>
        App.Services.GetRequiredService<NotificationChoices>().SetAsync(organiserId, ev.Id, choice);

    private static SignUpDetails Details(string name, string email, string? organisation = null, string? accessNeeds = null, string? answer = null) =>
        SignUpDetails.Validate(
            new SignUpInput(name, email, organisation, accessNeeds, null, answer is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["role"] = answer }, true),
            [Role],
            out _) is { } valid
            ? valid
            : throw new InvalidOperationException("Test details must be valid.");

    private Task<SignUpResult> SignUpAsync(Event ev, string name, string? email = null, string? organisation = null, string? accessNeeds = null, string? answer = null) =>
        SignUpAsync(ev, Details(name, email ?? $"{Guid.NewGuid():N}@example.org", organisation, accessNeeds, answer));

    private Task<SignUpResult> SignUpAsync(Event ev, SignUpDetails details) =>
        App.Services.GetRequiredService<SignUpService>().SignUpAsync(ev.Id, details);

    private async Task CancelAsync(Event ev, string email)
    {
        await using var db = await App.DbFactory.CreateDbContextAsync();
        await using var write = await EventWriteLock.BeginAsync(db, ev.Id, CancellationToken.None);
        var registration = await db.Registrations.SingleAsync(r => r.EventId == ev.Id && r.Email == email);
        registration.Cancel(App.Clock.GetUtcNow().UtcDateTime, EventRegistration.ByAttendee);
        await db.SaveChangesAsync();
        await write.CommitAsync(CancellationToken.None);
    }

    private async Task<List<OutboxMessage>> NoticesAsync(Event ev, MessageKind kind = MessageKind.OrganiserSignUpNotice)
    {
        await using var db = await App.DbFactory.CreateDbContextAsync();
        return await db.Outbox.AsNoTracking().Where(m => m.EventId == ev.Id && m.Kind == kind).OrderBy(m => m.Id).ToListAsync();
    }
}
