using Registration.Tests.Support;

namespace Registration.Tests.Features.Privacy;

/// <summary>The privacy notice is written from the settings the retention job reads, and an event keeping data for its own time says so on its form.</summary>
public sealed class PrivacyNoticeTests
{
    [Fact]
    public async Task The_notice_states_the_configured_days_and_how_to_see_or_delete_data()
    {
        using var app = new RegistrationAppFactory(seedSampleData: false, settings: new Dictionary<string, string> { ["Registration:OrganisationName"] = "Connected by Data", ["Email:ReplyTo"] = "privacy@example.org" });
        var page = await HttpPage.GetAsync(app.CreateClient(), "/privacy");

        Assert.Contains("Connected by Data keeps the details you give us", page.Text, StringComparison.Ordinal);
        Assert.Contains("questions marked sensitive (about health or beliefs, say): until 14 days after the event ends.", page.Text, StringComparison.Ordinal);
        Assert.Contains("the emails we sent you, and your name in our record of changes): until 90 days after the event ends.", page.Text, StringComparison.Ordinal);
        Assert.Contains("Only Connected by Data's organisers", page.Text, StringComparison.Ordinal);
        Assert.Contains("Delete my data", page.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"my-data\"", page.Html, StringComparison.Ordinal);

        // Who is responsible and how to reach them, from the reply-to setting, and where else to complain.
        Assert.Contains("Connected by Data is responsible for them (the data controller); write to privacy@example.org", page.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:privacy@example.org\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Information Commissioner's Office", page.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30", "7", "until 7 days after the event ends", "until 30 days after the event ends")]
    [InlineData("5", "14", "until 5 days after the event ends", "until 5 days after the event ends")]
    [InlineData("0", "0", "until the event ends", "until the event ends")]
    public async Task Other_settings_change_the_notice(string retainDays, string sensitiveDays, string sensitive, string everything)
    {
        using var app = new RegistrationAppFactory(seedSampleData: false, settings: new Dictionary<string, string>
        {
            ["Privacy:RetainDays"] = retainDays,
            ["Privacy:RetainSensitiveDays"] = sensitiveDays,
        });
        var text = (await HttpPage.GetAsync(app.CreateClient(), "/privacy")).Text;

        Assert.Contains($"questions marked sensitive (about health or beliefs, say): {sensitive}.", text, StringComparison.Ordinal);
        Assert.Contains($"your name in our record of changes): {everything}.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("90 days", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_events_own_time_is_stated_on_its_sign_up_form_and_the_usual_time_is_not()
    {
        using var app = new RegistrationAppFactory(seedSampleData: false);
        await TestEvents.AddAsync(app.DbFactory, "own-time", null, new DateTime(2025, 7, 1, 10, 0, 0), d => d with { RetainDays = 30 });
        await TestEvents.AddAsync(app.DbFactory, "same-time", null, new DateTime(2025, 7, 2, 10, 0, 0), d => d with { RetainDays = 90 });
        await TestEvents.AddAsync(app.DbFactory, "usual-time", null, new DateTime(2025, 7, 3, 10, 0, 0));
        var client = app.CreateClient();

        Assert.Contains("This event keeps them until 30 days after it ends, not the usual 90 days.", (await HttpPage.GetAsync(client, "/events/own-time/register")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("data-retention", (await HttpPage.GetAsync(client, "/events/same-time/register")).Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-retention", (await HttpPage.GetAsync(client, "/events/usual-time/register")).Html, StringComparison.Ordinal);
    }
}
