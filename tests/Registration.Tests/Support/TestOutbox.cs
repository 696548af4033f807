using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Tests.Support;

/// <summary>Confirmed registrations with their confirmations waiting in the outbox, for dispatcher tests.</summary>
public static class TestOutbox
{
    public static async Task QueueConfirmationsAsync(IDbContextFactory<RegistrationDbContext> dbFactory, string slug, DateTime nowUtc, IEnumerable<string> emails)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var ev = await db.Events.SingleAsync(e => e.Slug == slug);
        foreach (var email in emails)
        {
            var (registration, _) = EventRegistration.Create(ev.Id, Domain.EventRegistrationTests.Details(email.Split('@')[0], email), true, nowUtc);
            db.Registrations.Add(registration);
            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.RegistrationConfirmed, nowUtc));
        }

        await db.SaveChangesAsync();
    }
}
