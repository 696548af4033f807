using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;

namespace Registration.Tests.Features.Attendees;

public sealed class AnnouncementTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_organisers_message_reaches_the_chosen_audience_with_the_event_details()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "venue", capacity: 1, new DateTime(2025, 7, 1, 10, 0, 0));
        var signUps = new SignUpClient(_app.CreateClient());
        await signUps.PostAsync("venue", SignUpClient.Fields("Ada", "ada@example.org"));
        await signUps.PostAsync("venue", SignUpClient.Fields("Grace", "grace@example.org"));
        var announcements = _app.Services.GetRequiredService<Announcements>();

        Assert.Equal(1, await announcements.CountAsync(ev.Id, Audience.Confirmed));
        Assert.Equal(2, await announcements.CountAsync(ev.Id, Audience.ConfirmedAndWaiting));
        await Assert.ThrowsAsync<DomainException>(() => announcements.SendAsync(ev.Id, Audience.Confirmed, " ", "Body", "org@example.org"));

        var sent = await announcements.SendAsync(ev.Id, Audience.Confirmed, "Venue confirmed", "We will meet at Friends Meeting House.\n\nDoors open at 9:30.", "org@example.org");

        Assert.Equal(1, sent);
        var mail = await _app.Mail.WaitForAsync(m => m.Subject == "Test event venue: Venue confirmed");
        Assert.Contains("ada@example.org", mail.To, StringComparison.Ordinal);
        Assert.Contains("We will meet at Friends Meeting House.", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Doors open at 9:30.", mail.Text, StringComparison.Ordinal);
        Assert.Contains("When: Tuesday 1 July 2025, 10:00–12:00 UK time", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(await _app.Mail.ReadAllAsync(), m => m.Subject.EndsWith("Venue confirmed", StringComparison.Ordinal) && m.To.Contains("grace@", StringComparison.Ordinal));
    }
}
