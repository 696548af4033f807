using System.Net.Mail;
using System.Net.Sockets;
using Registration.Web.Features.Email;

namespace Registration.Tests.Features.Email;

public class RetryPolicyTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 30)]
    [InlineData(50, 30)]
    public void Delays_double_from_five_seconds_up_to_a_thirty_second_cap_with_jitter(int attempts, double nominalSeconds)
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var delay = RetryPolicy.DelayAfter(attempts, random).TotalSeconds;
            Assert.InRange(delay, nominalSeconds * 0.8, Math.Min(nominalSeconds * 1.2, 30));
        }
    }

    [Fact]
    public void A_server_back_within_a_minute_gets_its_next_attempt_within_two()
    {
        for (var seed = 0; seed < 1000; seed++)
        {
            var random = new Random(seed);
            var time = TimeSpan.Zero;
            var attempts = 0;

            // The first attempt fails at 0 s; the server is back at 60 s.
            while (time < TimeSpan.FromSeconds(60))
            {
                attempts++;
                time += RetryPolicy.DelayAfter(attempts, random);
            }

            Assert.True(time <= TimeSpan.FromSeconds(120), $"seed {seed}: first attempt after the outage at {time.TotalSeconds:F1} s");
        }
    }

    [Fact]
    public void Connection_trouble_and_4xx_replies_are_transient_5xx_and_bad_addresses_are_not()
    {
        Assert.True(RetryPolicy.IsTransient(new SmtpException(SmtpStatusCode.GeneralFailure, "cannot connect")));
        Assert.True(RetryPolicy.IsTransient(new SmtpException(SmtpStatusCode.ServiceNotAvailable, "421")));
        Assert.True(RetryPolicy.IsTransient(new SmtpException(SmtpStatusCode.MailboxBusy, "450")));
        Assert.True(RetryPolicy.IsTransient(new SmtpException("wrapped", new SocketException())));
        Assert.True(RetryPolicy.IsTransient(new IOException("reset")));
        Assert.True(RetryPolicy.IsTransient(new SmtpFailedRecipientException(SmtpStatusCode.MailboxBusy, "x@example.org")));
        Assert.False(RetryPolicy.IsTransient(new SmtpFailedRecipientException(SmtpStatusCode.MailboxUnavailable, "x@example.org")));
        Assert.False(RetryPolicy.IsTransient(new SmtpException(SmtpStatusCode.TransactionFailed, "554")));
        Assert.False(RetryPolicy.IsTransient(new FormatException("bad address")));
    }
}
