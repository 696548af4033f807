using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;

namespace Registration.Web.Features.Attendees;

public enum Audience
{
    Confirmed,
    ConfirmedAndWaiting,
}

/// <summary>An organiser emails the attendees of one event ("venue confirmed"): one outbox row each, in one save.</summary>
public sealed class Announcements(IDbContextFactory<RegistrationDbContext> dbFactory, ManageLinks manageLinks, TimeProvider clock)
{
    public async Task<int> CountAsync(int eventId, Audience audience)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await Recipients(db, eventId, audience).CountAsync();
    }

    /// <summary>Queues the message for everyone in the audience; returns how many, or throws <see cref="DomainException"/> for a bad subject or body.</summary>
    public async Task<int> SendAsync(int eventId, Audience audience, string subject, string body, string organiser)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var recipients = await Recipients(db, eventId, audience).ToListAsync();
        foreach (var registration in recipients)
        {
            db.Outbox.Add(OutboxMessage.Announcement(registration, subject, body, now, manageLinks.Issue(registration, now)));
        }

        db.Audit.Add(AuditEntry.Record(now, organiser, "email attendees", eventId, $"\"{subject.Trim()}\" to {recipients.Count}"));
        await db.SaveChangesAsync();
        return recipients.Count;
    }

    private static IQueryable<EventRegistration> Recipients(RegistrationDbContext db, int eventId, Audience audience) =>
        db.Registrations.Where(r => r.EventId == eventId
            && (r.Status == RegistrationStatus.Confirmed
                || (audience == Audience.ConfirmedAndWaiting && (r.Status == RegistrationStatus.Waitlisted || r.Status == RegistrationStatus.Offered))));
}
