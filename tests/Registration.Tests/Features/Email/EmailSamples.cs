using System.Net.Mail;
using Microsoft.Extensions.DependencyInjection;
using Registration.Web.Domain;
using Registration.Web.Features.Email;

namespace Registration.Tests.Features.Email;

/// <summary>One composed email: its name in a test, its text and HTML parts as the composer wrote them, and whether it goes to an attendee.</summary>
public sealed record EmailSample(string Name, bool ToAttendee, string Text, string Html, MailMessage Mail);

/// <summary>
/// Every kind of email, composed by the app's own <see cref="MessageComposer"/> from events and people
/// made in memory: an in-person event with questions, an online one with a joining link, a person with a
/// place who answered everything, one waiting, one offered a place and one who cancelled.
/// </summary>
public static class EmailSamples
{
    public const string Token = "sample-token";

    public static readonly DateTime Now = new(2025, 6, 1, 9, 0, 0, DateTimeKind.Utc);

    public static Event InPerson(Func<EventDetails, EventDetails>? change = null) => Make("summit", "Data, power and participation: a summit on how people shape the data that shapes them", d => d with
    {
        Location = EventLocation.InPerson("Friends Meeting House, 6 Mount Street, Manchester M2 5NS"),
        Questions = [EventQuestion.Create(string.Empty, "Which session would you like to join?", QuestionKind.SingleChoice, ["Morning", "Afternoon"], required: false)],
    }, change);

    public static Event Online() => Make("webinar", "Online: community of practice", d => d with { Location = EventLocation.Online, OnlineJoinUrl = "https://zoom.example.org/j/123456789?pwd=abcdefghijklmnopqrstuvwxyz0123456789" }, null);

    private static Event Make(string slug, string title, Func<EventDetails, EventDetails> shape, Func<EventDetails, EventDetails>? change)
    {
        var start = new DateTime(2025, 7, 4, 10, 0, 0);
        var details = shape(new EventDetails
        {
            Title = title,
            Schedule = EventSchedule.At(start, start.AddHours(7), "Europe/London"),
            Location = EventLocation.ToBeConfirmed,
            Description = "A day of talks.",
            Capacity = 10,
        });
        var ev = Event.Create(slug, change is null ? details : change(details), Now);
        ev.Publish();
        return ev;
    }

    public static EventRegistration Person(Event ev, bool place = true, string name = "Ada Lovelace", string email = "ada@example.org")
    {
        ArgumentNullException.ThrowIfNull(ev);
        var answers = new Dictionary<string, string?>();
        if (ev.Questions.Count > 0)
        {
            answers[ev.Questions[0].Key] = "Afternoon";
        }

        var details = SignUpDetails.Validate(new SignUpInput(name, email, "Analytical Engines Ltd", "Step-free access, please", "Vegetarian", answers, true), ev.Questions, out var errors)
            ?? throw new InvalidOperationException(string.Join("; ", errors.Values));
        return EventRegistration.Create(ev.Id, details, place, Now).Registration;
    }

    /// <summary>An attendee's email of <paramref name="kind"/> to <paramref name="person"/>.</summary>
    public static EmailSample Attendee(IServiceProvider services, MessageKind kind, Event ev, EventRegistration person, string? changes = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var message = kind switch
        {
            MessageKind.Reminder => OutboxMessage.Reminder(person, 60, Now, "protected"),
            MessageKind.Announcement => OutboxMessage.Announcement(person, Registration.Web.Domain.Announcement.Record(ev.Id, Audience.EveryoneActive, "Venue confirmed", "We meet at **Friends Meeting House**. See [the map](https://example.org/map).", 1, "org@example.org", Now), Now, "protected"),
            MessageKind.EventChanged or MessageKind.EventCancelled => OutboxMessage.Notice(person, kind, Registration.Web.Domain.Announcement.RecordNotice(ev.Id, "Changed", "changed", 1, "org@example.org", Now), Now, "protected", changes),
            _ => OutboxMessage.For(person, kind, Now, "protected"),
        };
        var mail = services.GetRequiredService<MessageComposer>().Compose(new MessageContext(message, person, ev, Token, person.Status == RegistrationStatus.Waitlisted ? 3 : null, HasCalendarEntry: true));
        return Sample(name ?? kind.ToString(), true, mail);
    }

    /// <summary>Every kind of email the app sends, each once, with the attendee ones to the person they suit.</summary>
    public static IReadOnlyList<EmailSample> All(IServiceProvider services)
    {
        var composer = services.GetRequiredService<MessageComposer>();
        var summit = InPerson();
        var online = Online();
        var placed = Person(summit);
        var waiting = Person(summit, place: false, name: "Grace Hopper", email: "grace@example.org");
        var offered = Person(summit, place: false, name: "Katherine Johnson", email: "katherine@example.org");
        offered.Offer(Now, Now.AddHours(48));
        var cancelled = Person(summit, name: "Linus", email: "linus@example.org");
        cancelled.Cancel(Now, EventRegistration.ByAttendee);
        var onlinePlace = Person(online);
        var changes = EventChange.Serialise(
        [
            new EventChange("When", "Thursday 3 July 2025, 10:00–17:00 UK time", "Friday 4 July 2025, 10:00–17:00 UK time"),
            new EventChange("Where", "Manchester (venue to be confirmed)", "Friends Meeting House, 6 Mount Street, Manchester M2 5NS"),
        ]);
        var calledOff = InPerson();
        calledOff.Cancel("The venue flooded.");
        return
        [
            Attendee(services, MessageKind.RegistrationConfirmed, summit, placed),
            Attendee(services, MessageKind.RegistrationConfirmed, online, onlinePlace, name: "RegistrationConfirmedOnline"),
            Attendee(services, MessageKind.Waitlisted, summit, waiting),
            Attendee(services, MessageKind.PromotedFromWaitingList, summit, placed),
            Attendee(services, MessageKind.PlaceOffered, summit, offered),
            Attendee(services, MessageKind.OfferLapsed, summit, cancelled),
            Attendee(services, MessageKind.RegistrationCancelled, summit, cancelled),
            Attendee(services, MessageKind.ManageLinkResent, summit, placed),
            Attendee(services, MessageKind.Reminder, summit, placed),
            Attendee(services, MessageKind.Reminder, online, onlinePlace, name: "ReminderOnline"),
            Attendee(services, MessageKind.EventChanged, summit, placed, changes),
            Attendee(services, MessageKind.EventChanged, summit, waiting, changes, name: "EventChangedWaiting"),
            Attendee(services, MessageKind.EventCancelled, calledOff, placed),
            Attendee(services, MessageKind.Announcement, summit, placed),
            Attendee(services, MessageKind.EmailChangeRequested, online, onlinePlace),
            Attendee(services, MessageKind.EmailChanged, summit, placed),
            Attendee(services, MessageKind.EmailChangeConfirmed, online, onlinePlace, name: "EmailChangeConfirmedOnline"),
            Sample("OrganiserInvitation", false, composer.ComposeForOrganiser(OutboxMessage.ToOrganiser(MessageKind.OrganiserInvitation, "new@example.org", Now, "protected"), "organiser/password?token=abc")),
            Sample("PasswordReset", false, composer.ComposeForOrganiser(OutboxMessage.ToOrganiser(MessageKind.PasswordReset, "org@example.org", Now, "protected"), "organiser/password?token=abc")),
            Sample("OrganiserSignUpNotice", false, composer.ComposeOrganiserNotice(OutboxMessage.AboutEventToOrganiser(MessageKind.OrganiserSignUpNotice, 1, "org@example.org", "New sign-up: summit", "Ada Lovelace signed up.\n7 of 10 places taken.", Now), summit.Slug)),
            Sample("OrganiserDigest", false, composer.ComposeOrganiserNotice(OutboxMessage.AboutEventToOrganiser(MessageKind.OrganiserDigest, 1, "org@example.org", "Yesterday at summit", "2 sign-ups, 1 cancellation.", Now), summit.Slug)),
            Sample("DataAccessLink", false, composer.ComposeDataAccessLink(OutboxMessage.DataAccessLink("ada@example.org", Now, "protected"), "my-data/link?token=abc")),
            Sample("AnnouncementTest", false, composer.ComposeTest(OutboxMessage.AnnouncementTest(1, "org@example.org", "Venue confirmed", "We meet at **Friends Meeting House**.", Now), summit)),
        ];
    }

    public static EmailSample Sample(string name, bool toAttendee, MailMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        return new EmailSample(name, toAttendee, Part(mail, "text/plain"), Part(mail, "text/html"), mail);
    }

    private static string Part(MailMessage mail, string type)
    {
        var view = mail.AlternateViews.Single(v => v.ContentType.MediaType == type);
        view.ContentStream.Position = 0;
        using var reader = new StreamReader(view.ContentStream, leaveOpen: true);
        return reader.ReadToEnd();
    }
}
