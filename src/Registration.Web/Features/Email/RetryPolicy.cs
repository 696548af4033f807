using System.Net.Mail;
using System.Net.Sockets;

namespace Registration.Web.Features.Email;

/// <summary>
/// Waits 5, 10, 20 then 30 seconds between attempts (never longer), each with ±20% jitter so a backlog
/// does not return in lock-step: a mail server that comes back within a minute gets the backlog within two.
/// </summary>
public static class RetryPolicy
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    public static TimeSpan DelayAfter(int attempts, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var exponential = First.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        var capped = Math.Min(exponential, Cap.TotalSeconds);
        var jitter = 1 + ((random.NextDouble() * 0.4) - 0.2);
        return TimeSpan.FromSeconds(Math.Min(capped * jitter, Cap.TotalSeconds));
    }

    /// <summary>
    /// Worth trying again: the server could not be reached, timed out, or said "try later" (4xx). A 5xx
    /// about the message or its recipient, or a malformed address, will fail the same way every time.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SmtpFailedRecipientException recipient => (int)recipient.StatusCode is >= 400 and < 500,
        SmtpException smtp => smtp.StatusCode is SmtpStatusCode.GeneralFailure or SmtpStatusCode.ServiceNotAvailable
            or SmtpStatusCode.MailboxBusy or SmtpStatusCode.LocalErrorInProcessing or SmtpStatusCode.InsufficientStorage
            or SmtpStatusCode.ServiceClosingTransmissionChannel
            || smtp.InnerException is SocketException or IOException or TimeoutException,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };
}
