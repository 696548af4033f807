using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Privacy;

/// <summary>One registration held for an address, as an Admin sees it before erasing: at which event, and where it stands.</summary>
public sealed record HeldRegistration(string EventTitle, string EventSlug, DateTime StartsAtUtc, string TimeZoneId, RegistrationStatus Status);

/// <summary>
/// What an erasure of an address would remove, found as <see cref="PersonalData.ErasePersonAsync"/> finds it:
/// registrations under the address or waiting to move to it, and emails addressed to it.
/// </summary>
public static class HeldForAddress
{
    public static async Task<(IReadOnlyList<HeldRegistration> Registrations, int Emails)> FindAsync(RegistrationDbContext db, string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalized = EventRegistration.NormalizeEmail(email);

        // Addresses compare by a rule SQL does not know (Unicode capitals, IDNA domains), as the erasure
        // compares them: the few addresses waiting to be confirmed, and the outbox's recipients, are read.
        var pending = (await db.Registrations.Where(r => r.PendingEmail != null && r.AnonymisedAtUtc == null)
                .Select(r => new { r.Id, r.PendingEmail }).ToListAsync(cancellationToken))
            .Where(r => EventRegistration.NormalizeEmail(r.PendingEmail!) == normalized).Select(r => r.Id).ToList();
        var registrations = await db.Registrations.AsNoTracking()
            .Where(r => r.AnonymisedAtUtc == null && (r.NormalizedEmail == normalized || pending.Contains(r.Id)))
            .Join(db.Events, r => r.EventId, e => e.Id, (r, e) => new { e.Title, e.Slug, e.Schedule.StartsAtUtc, e.Schedule.TimeZoneId, r.Status })
            .OrderBy(r => r.StartsAtUtc)
            .ToListAsync(cancellationToken);
        var recipients = await db.Outbox.Where(m => m.ToAddress != string.Empty).Select(m => m.ToAddress).ToListAsync(cancellationToken);
        var emails = recipients.Count(a => EventRegistration.NormalizeEmail(a) == normalized);
        return (registrations.Select(r => new HeldRegistration(r.Title, r.Slug, r.StartsAtUtc, r.TimeZoneId, r.Status)).ToList(), emails);
    }
}
