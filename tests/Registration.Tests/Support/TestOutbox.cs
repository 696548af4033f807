using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Support;

/// <summary>Confirmed registrations with their confirmations waiting in the outbox, for dispatcher tests.</summary>
public static class TestOutbox
{
    /// <param name="services">The app's services: its database and the manage links every message carries.</param>
    public static async Task QueueConfirmationsAsync(IServiceProvider services, string slug, DateTime nowUtc, IEnumerable<string> emails)
    {
        var links = services.GetRequiredService<ManageLinks>();
        await using var db = await services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>().CreateDbContextAsync();
        var ev = await db.Events.SingleAsync(e => e.Slug == slug);
        foreach (var email in emails)
        {
            var (registration, _) = EventRegistration.Create(ev.Id, Domain.EventRegistrationTests.Details(email.Split('@')[0], email), true, nowUtc);
            db.Registrations.Add(registration);
            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.RegistrationConfirmed, nowUtc, links.Issue(registration, nowUtc)));
        }

        await db.SaveChangesAsync();
    }
}
