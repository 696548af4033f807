using Registration.Web.Domain;

namespace Registration.Tests.Domain;

public class OutboxMessageTests
{
    private static readonly DateTime Now = new(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Sending_wipes_the_secret_and_lets_go_of_the_claim()
    {
        var message = NewMessage("secret");

        message.MarkSent(Now);

        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Equal(Now, message.SentAtUtc);
        Assert.Null(message.ProtectedPayload);
        Assert.Null(message.ClaimedBy);
        Assert.Equal(1, message.Attempts);
    }

    [Fact]
    public void Transient_failures_retry_until_the_last_attempt_then_fail_keeping_the_error()
    {
        var message = NewMessage();

        message.RecordFailure(Now, "421 try later", transient: true, maxAttempts: 3, TimeSpan.FromSeconds(5));
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(Now.AddSeconds(5), message.NextAttemptAtUtc);

        message.RecordFailure(Now, "421 try later", transient: true, maxAttempts: 3, TimeSpan.FromSeconds(10));
        Assert.Equal(OutboxStatus.Pending, message.Status);

        message.RecordFailure(Now, "421 still down", transient: true, maxAttempts: 3, TimeSpan.FromSeconds(20));
        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Equal(3, message.Attempts);
        Assert.Equal("421 still down", message.LastError);

        message.Retry(Now.AddHours(1));
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(0, message.Attempts);
        Assert.Equal(Now.AddHours(1), message.NextAttemptAtUtc);
    }

    [Fact]
    public void A_permanent_failure_fails_at_once()
    {
        var message = NewMessage();

        message.RecordFailure(Now, "550 no such mailbox", transient: false, maxAttempts: 100, TimeSpan.FromSeconds(5));

        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Equal(1, message.Attempts);
    }

    private static OutboxMessage NewMessage(string payload = "protected token")
    {
        var (registration, _) = EventRegistration.Create(1, EventRegistrationTests.Details("Ada", "ada@example.org"), true, Now);
        return OutboxMessage.For(registration, MessageKind.RegistrationConfirmed, Now, payload);
    }
}
