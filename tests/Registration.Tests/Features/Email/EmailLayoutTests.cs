using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registration.Tests.Support;
using Registration.Web;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Events;

namespace Registration.Tests.Features.Email;

/// <summary>What every email carries: the brand, the event's page and the person's own page, calendar links only while they help, and the change or the answers it is about.</summary>
public sealed class EmailLayoutTests(EmailLayoutTests.App app) : IClassFixture<EmailLayoutTests.App>
{
    private const string EventPage = "https://events.example.org/events/summit";
    private const string ManageLink = "manage?token=" + EmailSamples.Token;

    [Theory]
    [InlineData("#abc")]
    [InlineData("#1D4F91")]
    public void A_hex_brand_colour_passes(string colour) => Assert.Null(Problem($"--Registration:BrandColour={colour}"));

    [Theory]
    [InlineData("--Registration:BrandColour=red", EmailBrand.ColourProblem)]
    [InlineData("--Registration:BrandColour=#12345", EmailBrand.ColourProblem)]
    [InlineData("--Registration:BrandColour=#1d4f91; background: url(https://evil.example)", EmailBrand.ColourProblem)]
    [InlineData("--Registration:BrandColour=", EmailBrand.ColourProblem)]
    [InlineData("--Registration:LogoUrl=http://example.org/logo.png", EmailBrand.LogoProblem)]
    [InlineData("--Registration:LogoUrl=logo.png", EmailBrand.LogoProblem)]
    [InlineData("--Registration:WebsiteUrl=javascript:alert(1)", EmailBrand.WebsiteProblem)]
    public void A_brand_setting_that_is_not_what_it_says_stops_the_start_naming_it(string setting, string expected) =>
        Assert.Contains(expected, Problem(setting), StringComparison.Ordinal);

    [Theory]
    [InlineData("#1d4f91", EmailBrand.LightText)]
    [InlineData("#000", EmailBrand.LightText)]
    [InlineData("#ffd23f", EmailBrand.DarkText)]
    [InlineData("#f0f0f0", EmailBrand.DarkText)]
    [InlineData("#e07000", EmailBrand.DarkText)]
    public void The_button_text_is_the_colour_that_reads_on_the_brand_colour(string brand, string expected)
    {
        Assert.Equal(expected, EmailBrand.TextOn(brand));
        Assert.True(EmailBrand.Contrast(brand, expected) >= 4.5, $"{expected} on {brand}: {EmailBrand.Contrast(brand, expected):0.0}:1");
    }

    [Fact]
    public void Every_email_to_an_attendee_links_the_event_page_and_their_own_page_in_both_parts()
    {
        // The link confirming a new address goes to an address that is not yet the registration's: it must not manage it.
        var attendees = EmailSamples.All(app.Services).Where(s => s.ToAttendee && s.Name != nameof(MessageKind.EmailChangeRequested)).ToList();
        Assert.Equal(16, attendees.Count);
        foreach (var sample in attendees)
        {
            var site = sample.Name.Contains("Online", StringComparison.Ordinal) ? "https://events.example.org/events/webinar" : EventPage;
            Assert.True(sample.Text.Contains(site, StringComparison.Ordinal), $"{sample.Name}: no event page in the text");
            Assert.True(sample.Html.Contains($"href=\"{site}\"", StringComparison.Ordinal), $"{sample.Name}: no event page in the HTML");
            Assert.True(sample.Text.Contains(ManageLink, StringComparison.Ordinal), $"{sample.Name}: no manage link in the text");
            Assert.True(sample.Html.Contains(ManageLink, StringComparison.Ordinal), $"{sample.Name}: no manage link in the HTML");
            Assert.Contains("You are getting this because ", sample.Text, StringComparison.Ordinal);
            Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", sample.Html, StringComparison.Ordinal);
            Assert.Contains("background-color: #1d4f91; color: #ffffff", sample.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_in_person_venue_has_a_map_link_in_words_and_an_online_event_has_none()
    {
        var all = EmailSamples.All(app.Services).ToDictionary(s => s.Name);
        var map = "https://www.openstreetmap.org/search?query=Friends%20Meeting%20House%2C%206%20Mount%20Street%2C%20Manchester%20M2%205NS";

        Assert.Contains($"<a href=\"{map}\">See the place on a map</a>", all["RegistrationConfirmed"].Html, StringComparison.Ordinal);
        Assert.Contains($"Map: {map}\r\n", all["RegistrationConfirmed"].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("openstreetmap", all["ReminderOnline"].Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_link_to_confirm_a_new_address_carries_nothing_that_manages_the_registration_or_joins_the_event()
    {
        var request = EmailSamples.All(app.Services).Single(s => s.Name == nameof(MessageKind.EmailChangeRequested));

        Assert.Contains("manage/email?token=" + EmailSamples.Token, request.Text, StringComparison.Ordinal);
        Assert.Contains("Confirm my new email address", request.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("manage?token=", request.Text + request.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("zoom.example.org", request.Text + request.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar.google.com", request.Text + request.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("You are getting this because you registered", request.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_links_go_only_with_a_place_at_an_event_still_to_come()
    {
        var all = EmailSamples.All(app.Services).ToDictionary(s => s.Name);
        foreach (var name in new[] { "RegistrationConfirmed", "PromotedFromWaitingList", "Reminder", "EventChanged", "ManageLinkResent", "Announcement" })
        {
            Assert.Contains("https://calendar.google.com/calendar/render?", all[name].Text, StringComparison.Ordinal);
            Assert.Contains("https://outlook.live.com/calendar/", all[name].Html, StringComparison.Ordinal);

            // Each address whole on its line, escaped: a space (from the title) would end the link in a mail program.
            Assert.All(all[name].Text.Split("\r\n").Where(line => line.StartsWith("https://", StringComparison.Ordinal)), line => Assert.DoesNotContain(' ', line));
        }

        foreach (var name in new[] { "Waitlisted", "PlaceOffered", "RegistrationCancelled", "EventChangedWaiting", "EventCancelled" })
        {
            Assert.DoesNotContain("calendar.google.com", all[name].Text + all[name].Html, StringComparison.Ordinal);
            Assert.DoesNotContain("outlook.live.com", all[name].Text + all[name].Html, StringComparison.Ordinal);
        }

        // Over: a reminder or a notice sent after the end offers no calendar.
        var past = EmailSamples.InPerson(d => d with { Schedule = EventSchedule.At(new DateTime(2025, 5, 1, 10, 0, 0), new DateTime(2025, 5, 1, 12, 0, 0), "Europe/London") });
        var finished = EmailSamples.Attendee(app.Services, MessageKind.Announcement, past, EmailSamples.Person(past));
        Assert.DoesNotContain("calendar.google.com", finished.Text + finished.Html, StringComparison.Ordinal);
        Assert.Contains(ManageLink, finished.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_confirmed_person_at_an_online_event_gets_the_joining_link_in_their_calendar_file_and_a_button_to_join()
    {
        var all = EmailSamples.All(app.Services).ToDictionary(s => s.Name);
        var calendar = Assert.Single(all["RegistrationConfirmedOnline"].Mail.Attachments);
        using var reader = new StreamReader(calendar.ContentStream);
        var ics = reader.ReadToEnd().Replace("\r\n ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("zoom.example.org/j/123456789", ics, StringComparison.Ordinal);
        Assert.Contains("zoom.example.org/j/123456789", all["RegistrationConfirmedOnline"].Text, StringComparison.Ordinal);
        Assert.Contains("class=\"email-button\" href=\"https://zoom.example.org/j/123456789", all["ReminderOnline"].Html, StringComparison.Ordinal);

        // The in-person event's calendar file has no joining link to carry; a waiting person gets no calendar file at all.
        Assert.Empty(all["Waitlisted"].Mail.Attachments);
        Assert.Empty(all["EventChangedWaiting"].Mail.Attachments);
    }

    [Fact]
    public void The_main_action_is_a_button_and_the_text_part_names_it()
    {
        var all = EmailSamples.All(app.Services).ToDictionary(s => s.Name);
        Assert.Contains(">See your registration</a>", all["RegistrationConfirmed"].Html, StringComparison.Ordinal);
        Assert.Contains(">Claim your place</a>", all["PlaceOffered"].Html, StringComparison.Ordinal);
        Assert.Contains("Claim your place:\r\nhttps://events.example.org/" + ManageLink, all["PlaceOffered"].Text, StringComparison.Ordinal);
        Assert.Contains(">Set your password</a>", all["OrganiserInvitation"].Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_confirmation_repeats_what_the_person_gave_and_a_waiting_list_email_does_not()
    {
        var all = EmailSamples.All(app.Services).ToDictionary(s => s.Name);
        foreach (var name in new[] { "RegistrationConfirmed", "PromotedFromWaitingList" })
        {
            var text = all[name].Text;
            Assert.Contains("Name: Ada Lovelace", text, StringComparison.Ordinal);
            Assert.Contains("Organisation: Analytical Engines Ltd", text, StringComparison.Ordinal);
            Assert.Contains("Access needs: Step-free access, please", text, StringComparison.Ordinal);
            Assert.Contains("Dietary needs: Vegetarian", text, StringComparison.Ordinal);
            Assert.Contains("Which session would you like to join? Afternoon", text, StringComparison.Ordinal);
            Assert.Contains("<th style=\"text-align: left; vertical-align: top; padding: 4px 0 0\">Access needs</th></tr><tr><td>Step-free access, please</td>", all[name].Html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Step-free", all["Waitlisted"].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Step-free", all["Reminder"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_notice_lists_each_change_old_and_new_and_an_old_notice_still_reads()
    {
        var all = EmailSamples.All(app.Services).ToDictionary(s => s.Name);
        Assert.Contains("When: was Thursday 3 July 2025, 10:00–17:00 UK time, now Friday 4 July 2025, 10:00–17:00 UK time", all["EventChanged"].Text, StringComparison.Ordinal);
        Assert.Contains("Where: was Manchester (venue to be confirmed), now Friends Meeting House", all["EventChangedWaiting"].Text, StringComparison.Ordinal);

        var summit = EmailSamples.InPerson();
        var old = EmailSamples.Attendee(app.Services, MessageKind.EventChanged, summit, EmailSamples.Person(summit));
        Assert.Contains("have changed. Here they are as they now stand.", old.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(": was ", old.Text, StringComparison.Ordinal);

        // A new joining link: said to, and given to, a person with a place; someone waiting never had one and is told they still wait.
        var online = EmailSamples.Online();
        var link = EventChange.Serialise([new EventChange(EventChange.JoiningLink, null, null)]);
        var placed = EmailSamples.Attendee(app.Services, MessageKind.EventChanged, online, EmailSamples.Person(online), link);
        var waiting = EmailSamples.Attendee(app.Services, MessageKind.EventChanged, online, EmailSamples.Person(online, place: false), link);
        Assert.Contains("Joining link: The joining link has changed: the new one is below.", placed.Text, StringComparison.Ordinal);
        Assert.Contains("Join online: https://zoom.example.org/j/", placed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("joining link", waiting.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("You are still on the waiting list", waiting.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("zoom.example.org", waiting.Text + waiting.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void What_changed_is_read_from_the_event_before_and_after()
    {
        var before = EmailSamples.Online();
        var snapshot = EventSnapshot.Of(before);
        var after = EmailSamples.InPerson();
        var changes = EventChange.Between(snapshot, EventSnapshot.Of(after));
        var where = Assert.Single(changes);
        Assert.Equal(new EventChange("Where", "Online", "Friends Meeting House, 6 Mount Street, Manchester M2 5NS"), where);
        Assert.Equal(changes, EventChange.Read(EventChange.Serialise(changes)));
        Assert.Empty(EventChange.Read("not json"));
        Assert.Equal("Where: Online → Friends Meeting House, 6 Mount Street, Manchester M2 5NS.", EventChange.Describe(changes));
    }

    [Fact]
    public void Nothing_from_the_organisation_name_or_the_title_reaches_a_header_or_the_markup()
    {
        using var hostile = new RegistrationAppFactory(seedSampleData: false, settings: new Dictionary<string, string>
        {
            ["Registration:OrganisationName"] = "Evil <b>Org</b>\r\nBcc: all@example.org",
        });
        var ev = EmailSamples.InPerson(d => d with { Title = "Party <script>alert(1)</script>" });
        var sample = EmailSamples.Attendee(hostile.Services, MessageKind.RegistrationConfirmed, ev, EmailSamples.Person(ev));
        Assert.DoesNotContain('\n', sample.Mail.From!.DisplayName);
        Assert.DoesNotContain('\r', sample.Mail.From.DisplayName);
        Assert.DoesNotContain('\n', sample.Mail.Subject);
        Assert.Empty(sample.Mail.Bcc);
        Assert.DoesNotContain("<script>", sample.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Org</b>", sample.Html, StringComparison.Ordinal);
        Assert.Contains("Evil &lt;b&gt;Org&lt;/b&gt;", sample.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_logo_shows_in_the_band_with_the_organisation_as_its_words_and_without_a_website_nothing_links_to_one()
    {
        using var branded = new RegistrationAppFactory(seedSampleData: false, settings: new Dictionary<string, string>
        {
            ["Registration:LogoUrl"] = "https://example.org/logo.png?a=\"onerror=alert(1)",
            ["Registration:WebsiteUrl"] = string.Empty,
            ["Registration:BrandColour"] = "#FFD23F",
        });
        var ev = EmailSamples.InPerson();
        var sample = EmailSamples.Attendee(branded.Services, MessageKind.RegistrationConfirmed, ev, EmailSamples.Person(ev));
        Assert.Contains("<img src=\"https://example.org/logo.png?a=%22onerror=alert(1)\" alt=\"Connected by Data\"", sample.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("connectedbydata.org", sample.Html + sample.Text, StringComparison.Ordinal);
        Assert.Contains("background-color: #ffd23f; color: #1a1a1a", sample.Html, StringComparison.Ordinal);
    }

    /// <summary>Runs the checks the host runs when it starts, with the repository's appsettings.json and this override.</summary>
    private static string? Problem(string setting)
    {
        using var data = new TempDirectory();
        using var built = RegistrationApp.CreateBuilder([$"--Registration:DataDirectory={data.Path}", setting]).Build();
        try
        {
            built.Services.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The app's services, once for the class: the composer and its settings (the test site is https://events.example.org).</summary>
    public sealed class App : IDisposable
    {
        private readonly RegistrationAppFactory _factory = new(seedSampleData: false);

        public IServiceProvider Services => _factory.Services;

        public void Dispose() => _factory.Dispose();
    }
}
