using System.Net.Mail;
using Microsoft.Extensions.DependencyInjection;
using Registration.Web.Domain;
using Registration.Tests.Support;
using Registration.Web.Features.Email;

namespace Registration.Tests.Features.Email;

/// <summary>Words the app adds to a message, whoever wrote the rest.</summary>
public sealed class MessageWordingTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_message_to_people_waiting_says_they_have_no_place_yet_and_one_to_people_with_a_place_does_not()
    {
        var ev = await TestEvents.AddAsync(_app.DbFactory, "wording", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));
        var composer = _app.Services.GetRequiredService<MessageComposer>();
        const string Line = "waiting list and do not have a place yet";

        Assert.Contains(Line, composer.PreviewAnnouncement(ev, "Dave", confirmed: false, "Parking", "Park at the back.").Html, StringComparison.Ordinal);
        Assert.DoesNotContain(Line, composer.PreviewAnnouncement(ev, "Ada", confirmed: true, "Parking", "Park at the back.").Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mallory\u2028Subject: hi", "Mallory Subject: hi")]
    [InlineData("Mallory\u2029Bcc: all@example.org", "Mallory Bcc: all@example.org")]
    [InlineData("Ada\r\nBcc: all@example.org", "Ada Bcc: all@example.org")]
    [InlineData("Zoë  Ward\u0085", "Zoë Ward")]
    public void Nothing_that_a_mail_program_could_show_as_a_new_line_reaches_a_header(string value, string expected) =>
        Assert.Equal(expected, MessageComposer.HeaderSafe(value));

    [Theory]
    [InlineData("Vee\", spy@attacker.example, \"")]
    [InlineData("Vee\\\", spy@attacker.example, \"")]
    public void A_quote_in_a_name_cannot_add_an_address_to_the_header(string name)
    {
        var ev = EmailSamples.InPerson();
        var mail = EmailSamples.Attendee(_app.Services, MessageKind.RegistrationConfirmed, ev, EmailSamples.Person(ev, name: name, email: "vee@example.org")).Mail;

        // Written as a mail program would receive it, then the To header read back as a list of addresses.
        using var folder = new TempDirectory();
        using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = folder.Path })
        {
            client.Send(mail);
        }

        var headers = File.ReadAllText(Directory.GetFiles(folder.Path).Single()).Split("\r\n\r\n")[0].Split("\r\n");
        foreach (var header in new[] { "To: ", "X-Receiver: " })
        {
            var parsed = new MailAddressCollection { headers.Single(line => line.StartsWith(header, StringComparison.Ordinal))[header.Length..] };
            Assert.Equal("vee@example.org", Assert.Single(parsed).Address);
        }
    }
}
