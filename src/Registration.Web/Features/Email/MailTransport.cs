using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Email;

/// <summary>Opens a System.Net.Mail client for a dispatcher lane, as the <c>Email</c> settings say (pickup: <c>&lt;DataDirectory&gt;/mail</c>, private like the rest of the folder).</summary>
public sealed class MailTransport(IOptions<EmailOptions> email, DataDirectory dataDirectory)
{
    /// <summary>The data folder's subfolder that holds emails in pickup mode.</summary>
    public const string PickupFolder = "mail";

    public SmtpClient Open()
    {
        var options = email.Value;
        if (options.Mode == EmailMode.Pickup)
        {
            return new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = dataDirectory.Subfolder(PickupFolder),
            };
        }

        var smtp = options.Smtp;
        var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = smtp.StartTls,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        return client;
    }
}
