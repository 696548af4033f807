using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Registrations;

namespace Registration.Web.Features.Notifications;

/// <summary>
/// Tells each organiser who asked to hear of every sign-up to an event, in the sign-up's own transaction:
/// a sign-up that is not saved tells nobody, and one that is saved is never left untold.
/// </summary>
internal sealed class SignUpNotices(TimeProvider clock) : DomainEventHandler<SignedUp>
{
    protected override async Task HandleAsync(RegistrationDbContext db, SignedUp domainEvent, CancellationToken cancellationToken)
    {
        var person = domainEvent.Registration;
        var recipients = await Recipients(db, person.EventId, cancellationToken);
        if (recipients.Count == 0)
        {
            return;
        }

        // Tracked by the sign-up that raised this, so found without another query.
        var ev = await db.Events.FindAsync([person.EventId], cancellationToken) ?? throw new InvalidOperationException("The event signed up for is gone.");
        int? position = person.Status == RegistrationStatus.Waitlisted ? await WaitingList.PositionAsync(db, person, cancellationToken) : null;
        var (subject, body) = NoticeText.SignUp(ev, person, position, await AttendeeQueries.CountsAsync(db, ev, cancellationToken));
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var email in recipients)
        {
            db.Outbox.Add(OutboxMessage.AboutEventToOrganiser(MessageKind.OrganiserSignUpNotice, ev.Id, email, subject, body, now, person.Id));
        }
    }

    /// <summary>
    /// Organisers who chose every sign-up for the event. One who is removed loses their choices with their
    /// account, so only current organisers are found.
    /// </summary>
    private static Task<List<string>> Recipients(RegistrationDbContext db, int eventId, CancellationToken cancellationToken) =>
        (from choice in db.Set<OrganiserNotification>()
         where choice.EventId == eventId && choice.Choice == NotificationChoice.EachSignUp
         join organiser in db.Users on choice.OrganiserId equals organiser.Id
         where organiser.Email != null
         orderby organiser.Email
         select organiser.Email!).ToListAsync(cancellationToken);
}
