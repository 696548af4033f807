using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;

namespace Registration.Benchmarks;

/// <summary>
/// The baseline for the attendee-list benchmark: <c>AttendeeQueries.RowsAsync</c> as main had it (commit
/// 8b5b338), unchanged, so the benchmark can time main's queries beside the app's in the same run.
/// </summary>
internal static class MainAttendeeRows
{
    public static async Task<List<AttendeeRow>> RowsAsync(RegistrationDbContext db, IQueryable<EventRegistration> page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await page.Select(r => new
        {
            Registration = r,
            Position = r.Status == RegistrationStatus.Waitlisted
                ? db.Registrations.Count(o => o.EventId == r.EventId && o.Status == RegistrationStatus.Waitlisted && o.Id <= r.Id)
                : (int?)null,
        }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => (int?)r.Registration.Id).ToList();
        var latest = await db.Outbox.AsNoTracking()
            .Where(m => ids.Contains(m.RegistrationId))
            .GroupBy(m => m.RegistrationId)
            .Select(g => g.OrderByDescending(m => m.Id).Select(m => new { m.RegistrationId, m.Id, m.Status, m.LastError }).First())
            .ToListAsync(cancellationToken);
        var byRegistration = latest.ToDictionary(m => m.RegistrationId!.Value);
        return rows.Select(r =>
        {
            var registration = r.Registration;
            byRegistration.TryGetValue(registration.Id, out var message);
            return new AttendeeRow(
                registration.Id,
                registration.Name,
                registration.Email,
                registration.Organisation,
                registration.Status,
                r.Position,
                registration.CreatedAtUtc,
                registration.CheckedInAtUtc,
                registration.Answers.GetValueOrDefault(SignUpDetails.AccessNeedsKey),
                registration.Notes,
                registration.OfferExpiresAtUtc,
                message?.Id,
                message?.Status,
                message?.LastError,
                registration.AnonymisedAtUtc);
        }).ToList();
    }
}
