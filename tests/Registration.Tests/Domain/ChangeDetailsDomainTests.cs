using Registration.Web.Domain;

namespace Registration.Tests.Domain;

/// <summary>The rules for a person changing their own details, without the app around them.</summary>
public class ChangeDetailsDomainTests
{
    private static readonly DateTime Now = new(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly EventQuestion Role = EventQuestion.Create("role", "Role", QuestionKind.Text, null, required: false);
    private static readonly EventQuestion Old = EventQuestion.Create("old", "A question since removed", QuestionKind.Text, null, required: false);

    [Fact]
    public void What_the_form_no_longer_asks_is_kept_and_only_what_changed_is_named()
    {
        var (registration, _) = EventRegistration.Create(1, Details("Ada", "Engines", ("role", "Analyst"), ("old", "Kept answer")), placeAvailable: true, Now, EventRegistration.ByAttendee);

        // The organisers have since stopped asking for the organisation and removed the old question.
        var changed = registration.ChangeDetails(Details("Ada", null, ("role", "Engineer")), BuiltInFields.AccessNeeds, [Role]);

        Assert.Equal(["role"], changed);
        Assert.Equal("Engines", registration.Organisation);
        Assert.Equal("Kept answer", registration.Answers["old"]);
        Assert.Equal("Engineer", registration.Answers["role"]);
        Assert.Contains("engineer", registration.SearchText, StringComparison.Ordinal);
        Assert.Empty(registration.ChangeDetails(Details("Ada", null, ("role", "Engineer")), BuiltInFields.AccessNeeds, [Role]));
        Assert.Equal(RegistrationStatus.Confirmed, registration.Status);
        Assert.Empty(registration.DomainEvents);
    }

    [Fact]
    public void A_cancelled_registration_cannot_be_changed_and_an_address_waits_for_its_link()
    {
        var (registration, _) = EventRegistration.Create(1, Details("Ada", null), placeAvailable: true, Now, EventRegistration.ByAttendee);

        var first = registration.RequestEmailChange("first@example.org", Now);
        var second = registration.RequestEmailChange("Second@Example.org", Now.AddMinutes(5));
        Assert.Equal("ada@example.org", registration.Email);
        Assert.Equal(ManageToken.HashOf(second), registration.PendingEmailHash);
        Assert.NotEqual(ManageToken.HashOf(first), registration.PendingEmailHash);

        Assert.Throws<DomainException>(() => registration.ConfirmEmailChange(Now.AddMinutes(5) + EventRegistration.EmailChangeLifespan));
        Assert.Equal("ada@example.org", registration.ConfirmEmailChange(Now.AddHours(1)));
        Assert.Equal("SECOND@EXAMPLE.ORG", registration.NormalizedEmail);
        Assert.Null(registration.PendingEmailHash);
        Assert.Throws<DomainException>(() => registration.ConfirmEmailChange(Now.AddHours(1)));

        registration.Cancel(Now.AddHours(2), EventRegistration.ByAttendee);
        Assert.Throws<DomainException>(() => registration.ChangeDetails(Details("Eve", null), BuiltInFields.None, []));
        Assert.Throws<DomainException>(() => registration.RequestEmailChange("eve@example.org", Now.AddHours(2)));
    }

    [Fact]
    public void Changes_close_at_the_start_unless_set_and_never_on_an_event_called_off()
    {
        var start = new DateTime(2026, 3, 1, 10, 0, 0);
        var details = new EventDetails { Title = "Meetup", Schedule = EventSchedule.At(start, start.AddHours(2), "Europe/London") };
        var ev = Event.Create("meetup", details, Now);
        Assert.Equal(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), ev.ChangesClose);
        Assert.True(ev.AcceptsDetailChanges(ev.ChangesClose.AddTicks(-1)));
        Assert.False(ev.AcceptsDetailChanges(ev.ChangesClose));

        ev.ApplyDetails(details with { ChangesCloseAtUtc = ev.Schedule.EndsAtUtc }, Now);
        Assert.True(ev.AcceptsDetailChanges(ev.Schedule.StartsAtUtc));
        Assert.Throws<DomainException>(() => ev.ApplyDetails(details with { ChangesCloseAtUtc = ev.Schedule.EndsAtUtc.AddMinutes(1) }, Now));

        ev.Cancel();
        Assert.False(ev.AcceptsDetailChanges(Now));
    }

    private static SignUpDetails Details(string name, string? organisation, params (string Key, string Value)[] answers) =>
        SignUpDetails.Validate(
            new SignUpInput(name, "ada@example.org", organisation, null, null, answers.ToDictionary(a => a.Key, a => (string?)a.Value), true),
            [Role, Old],
            out _)
        ?? throw new InvalidOperationException("test details must be valid");
}
