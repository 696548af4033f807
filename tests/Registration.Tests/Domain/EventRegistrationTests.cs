using Registration.Web.Domain;

namespace Registration.Tests.Domain;

public class EventRegistrationTests
{
    private static readonly DateTime Now = new(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_free_place_confirms_and_a_full_event_waitlists()
    {
        var (confirmed, _) = EventRegistration.Create(1, Details("Ada", "Ada@Example.org"), placeAvailable: true, Now);
        var (waiting, _) = EventRegistration.Create(1, Details("Grace", "grace@example.org"), placeAvailable: false, Now);

        Assert.Equal(RegistrationStatus.Confirmed, confirmed.Status);
        Assert.Equal(RegistrationStatus.Waitlisted, waiting.Status);
        Assert.Equal(Now, confirmed.ConsentedAtUtc);
        Assert.Equal(EventRegistration.ByAttendee, confirmed.StatusChangedBy);
        Assert.Equal("Ada@Example.org", confirmed.Email);
        Assert.Equal("ADA@EXAMPLE.ORG", confirmed.NormalizedEmail);
    }

    [Fact]
    public void Only_hashes_of_manage_tokens_are_kept_each_token_has_256_random_bits_and_older_ones_stay_live()
    {
        var (registration, token) = EventRegistration.Create(1, Details("Ada", "ada@example.org"), true, Now);
        var (_, other) = EventRegistration.Create(1, Details("Ada", "ada@example.org"), true, Now);

        Assert.Equal(43, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.NotEqual(token, other);
        var first = Assert.Single(registration.ManageTokens);
        Assert.NotEqual(token, first.Hash);
        Assert.Equal(ManageToken.HashOf(token), first.Hash);

        var second = registration.IssueManageToken(Now.AddDays(1));
        Assert.NotEqual(token, second);
        Assert.Equal([ManageToken.HashOf(token), ManageToken.HashOf(second)], registration.ManageTokens.Select(t => t.Hash));
        Assert.All(registration.ManageTokens, t => Assert.Equal(registration.LinkGeneration, t.Generation));
    }

    [Fact]
    public void Turning_links_off_keeps_only_the_one_in_hand_and_cancelling_turns_them_all_off()
    {
        var (registration, _) = EventRegistration.Create(1, Details("Ada", "ada@example.org"), true, Now);
        registration.IssueManageToken(Now);
        var kept = registration.ManageTokens[1];

        registration.RevokeManageTokensExcept(kept);
        Assert.Equal([false, true], registration.ManageTokens.Select(t => t.Generation == registration.LinkGeneration));

        registration.Cancel(Now, EventRegistration.ByAttendee);
        Assert.DoesNotContain(registration.ManageTokens, t => t.Generation == registration.LinkGeneration);
        registration.IssueManageToken(Now);
        Assert.Equal(registration.LinkGeneration, registration.ManageTokens[^1].Generation);
    }

    [Fact]
    public void Asking_for_the_link_again_sends_at_most_one_email_in_ten_minutes()
    {
        var (registration, _) = EventRegistration.Create(1, Details("Ada", "ada@example.org"), true, Now);

        Assert.True(registration.MaySendLinkAgain(Now));
        Assert.False(registration.MaySendLinkAgain(Now.AddMinutes(9).AddSeconds(59)));
        Assert.True(registration.MaySendLinkAgain(Now.AddMinutes(10)));
        Assert.False(registration.MaySendLinkAgain(Now.AddMinutes(11)));
    }

    [Fact]
    public void Cancelling_is_recorded_once()
    {
        var (registration, _) = EventRegistration.Create(1, Details("Ada", "ada@example.org"), true, Now);
        var later = Now.AddDays(3);

        Assert.Equal(CancelOutcome.Cancelled, registration.Cancel(later, "organiser ada@example.org"));
        Assert.Equal(RegistrationStatus.Cancelled, registration.Status);
        Assert.Equal(later, registration.StatusChangedAtUtc);
        Assert.Equal("organiser ada@example.org", registration.StatusChangedBy);
        Assert.False(registration.IsActive);

        Assert.Equal(CancelOutcome.AlreadyCancelled, registration.Cancel(later.AddDays(1), EventRegistration.ByAttendee));
        Assert.Equal(later, registration.StatusChangedAtUtc);
    }

    [Fact]
    public void Only_someone_waiting_can_be_promoted()
    {
        var (waiting, _) = EventRegistration.Create(1, Details("Grace", "grace@example.org"), false, Now);
        var (confirmed, _) = EventRegistration.Create(1, Details("Ada", "ada@example.org"), true, Now);

        Assert.Equal(PromoteOutcome.Promoted, waiting.Promote(Now.AddHours(1), EventRegistration.ByWaitingList));
        Assert.Equal(RegistrationStatus.Confirmed, waiting.Status);
        Assert.Equal(EventRegistration.ByWaitingList, waiting.StatusChangedBy);
        Assert.Equal(PromoteOutcome.NotOnWaitingList, waiting.Promote(Now, EventRegistration.ByWaitingList));
        Assert.Equal(PromoteOutcome.NotOnWaitingList, confirmed.Promote(Now, EventRegistration.ByWaitingList));
        confirmed.Cancel(Now, EventRegistration.ByAttendee);
        Assert.Equal(PromoteOutcome.NotOnWaitingList, confirmed.Promote(Now, EventRegistration.ByWaitingList));
    }

    [Theory]
    [InlineData(null, 0, true)]
    [InlineData(null, 5000, true)]
    [InlineData(20, 19, true)]
    [InlineData(20, 20, false)]
    [InlineData(20, 25, false)]
    public void An_event_has_a_place_while_fewer_than_its_capacity_are_confirmed(int? capacity, int confirmed, bool hasPlace)
    {
        var ev = EventBuilder.Published(d => d with { Capacity = capacity });

        Assert.Equal(hasPlace, ev.HasPlaceFor(confirmed));
        Assert.Equal(capacity is null ? null : Math.Max(0, capacity.Value - confirmed), ev.PlacesLeft(confirmed));
    }

    [Fact]
    public void The_waiting_list_moves_only_before_a_published_event_starts()
    {
        var ev = EventBuilder.Published();

        Assert.True(ev.CanPromote(ev.Schedule.StartsAtUtc.AddMinutes(-1)));
        Assert.False(ev.CanPromote(ev.Schedule.StartsAtUtc));
        ev.Cancel();
        Assert.False(ev.CanPromote(EventBuilder.Now));
    }

    [Fact]
    public void An_outbox_message_goes_to_the_registration_as_given_and_is_pending_now()
    {
        var (registration, _) = EventRegistration.Create(7, Details("Siân", "Sian@Example.org"), true, Now);

        var message = OutboxMessage.For(registration, MessageKind.RegistrationConfirmed, Now, "secret");

        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal("Sian@Example.org", message.ToAddress);
        Assert.Equal("Siân", message.ToName);
        Assert.Equal(7, message.EventId);
        Assert.Equal(Now, message.NextAttemptAtUtc);
        Assert.NotEqual(Guid.Empty, message.MessageId);
    }

    internal static SignUpDetails Details(string name, string email) =>
        SignUpDetails.Validate(new SignUpInput(name, email, null, null, null, new Dictionary<string, string?>(), true), [], out _)
        ?? throw new InvalidOperationException("test details must be valid");
}
