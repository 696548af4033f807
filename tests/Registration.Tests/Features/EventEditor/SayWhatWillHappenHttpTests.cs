using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Features.Email;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.EventEditor;

namespace Registration.Tests.Features.EventEditor;

/// <summary>
/// Through the running app, with mail to a real SMTP server: a cancellation's reason reaches the notice
/// and the event page.
/// </summary>
public sealed class SayWhatWillHappenHttpTests : IAsyncLifetime
{
    private SmtpServer _smtp = null!;
    private RegistrationAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync();
        _app = new RegistrationAppFactory(seedSampleData: false, settings: EmailDeliveryTests.SmtpSettings(_smtp.Port));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task A_cancellation_reason_is_in_the_notice_and_on_the_event_page()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "flooded", 10, new DateTime(2025, 7, 9, 10, 0, 0), d => d with { Title = "Summer gathering" });
        await new SignUpClient(_app.CreateClient()).PostAsync("flooded", SignUpClient.Fields("Ada", "ada@example.org"));
        await _smtp.Mail.WaitForAsync(m => m.Subject == "You're registered: Summer gathering");

        var result = await _app.Services.GetRequiredService<EventEditorService>().CancelAsync(ev.Id, "organiser@example.org", "The venue has flooded; we will find a new date.");
        Assert.Equal(EditOutcome.Saved, result.Outcome);

        var notice = await _smtp.Mail.WaitForAsync(m => m.Subject == "Cancelled: Summer gathering");
        Assert.Contains("Why: The venue has flooded; we will find a new date.", notice.Text, StringComparison.Ordinal);
        Assert.Contains("<p>Why: The venue has flooded; we will find a new date.</p>", notice.Html, StringComparison.Ordinal);

        var page = await HttpPage.GetAsync(_app.CreateClient(), "/events/flooded");
        Assert.Contains("This event has been cancelled. The venue has flooded; we will find a new date.", page.Text, StringComparison.Ordinal);
        var manage = await HttpPage.GetAsync(_app.CreateClient(), $"/manage?token={Uri.EscapeDataString(notice.ManageToken!)}");
        Assert.Contains("The event has been cancelled: we are sorry. The venue has flooded; we will find a new date.", manage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_registered_for_an_unpublished_event_is_emailed_when_asked_and_their_link_says_it_is_off_the_website()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "paused", 10, new DateTime(2025, 7, 9, 10, 0, 0), d => d with { Title = "Paused meeting" });
        await new SignUpClient(_app.CreateClient()).PostAsync("paused", SignUpClient.Fields("Grace", "grace@example.org"));
        await _smtp.Mail.WaitForAsync(m => m.Subject == "You're registered: Paused meeting");

        Assert.Equal(EditOutcome.Saved, (await _app.Services.GetRequiredService<EventEditorService>().UnpublishAsync(ev.Id, "organiser@example.org", tellThem: true)).Outcome);

        var notice = await _smtp.Mail.WaitForAsync(m => m.Subject == "Paused meeting: not on our website for now");
        Assert.Contains("You keep your place, and the link below still shows your registration", notice.Text, StringComparison.Ordinal);
        var manage = await HttpPage.GetAsync(_app.CreateClient(), $"/manage?token={Uri.EscapeDataString(notice.ManageToken!)}");
        Assert.Contains("The organisers have taken this event off the website for now", manage.Text, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await HttpPage.GetAsync(_app.CreateClient(), "/events/paused")).Status);
    }
}
