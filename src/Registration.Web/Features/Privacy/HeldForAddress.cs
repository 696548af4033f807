using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Privacy;

/// <summary>One registration held for an address, as an Admin sees it before erasing: at which event, and where it stands.</summary>
public sealed record HeldRegistration(string EventTitle, string EventSlug, DateTime StartsAtUtc, string TimeZoneId, RegistrationStatus Status);

/// <summary>
/// What is held for an address, found one way for everyone who asks: the erasure (<see cref="PersonalData.ErasePersonAsync"/>),
/// the Admin's look before it, and the person's own page of their data.
/// </summary>
public static class HeldForAddress
{
    /// <summary>The registrations under the address that still hold its details, at every event.</summary>
    public static IQueryable<EventRegistration> Registrations(RegistrationDbContext db, string email)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalized = EventRegistration.NormalizeEmail(email);
        return db.Registrations.Where(r => r.AnonymisedAtUtc == null && r.NormalizedEmail == normalized);
    }

    /// <summary>Every email addressed to it that still names it, whichever registration (if any) it was about.</summary>
    public static async Task<List<OutboxMessage>> EmailsAsync(RegistrationDbContext db, string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalized = EventRegistration.NormalizeEmail(email);

        // Addresses compare by a rule SQL does not know (Unicode capitals, IDNA domains): the recipients are
        // read, two small columns, and compared here; this is asked rarely, by a person or an Admin.
        var addresses = await db.Outbox.Where(m => m.ToAddress != string.Empty).Select(m => new { m.Id, m.ToAddress }).ToListAsync(cancellationToken);
        var ids = addresses.Where(m => EventRegistration.NormalizeEmail(m.ToAddress) == normalized).Select(m => m.Id).ToList();
        return await db.Outbox.Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The registrations and the number of emails, as an Admin sees them before erasing.</summary>
    public static async Task<(IReadOnlyList<HeldRegistration> Registrations, int Emails)> SummaryAsync(RegistrationDbContext db, string email, CancellationToken cancellationToken = default)
    {
        var registrations = await Registrations(db, email).AsNoTracking()
            .Join(db.Events, r => r.EventId, e => e.Id, (r, e) => new { e.Title, e.Slug, e.Schedule.StartsAtUtc, e.Schedule.TimeZoneId, r.Status })
            .OrderBy(r => r.StartsAtUtc)
            .ToListAsync(cancellationToken);
        var emails = (await EmailsAsync(db, email, cancellationToken)).Count;
        return (registrations.Select(r => new HeldRegistration(r.Title, r.Slug, r.StartsAtUtc, r.TimeZoneId, r.Status)).ToList(), emails);
    }
}
