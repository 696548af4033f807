using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Attendees;

/// <summary>One line of the attendee list: the registration, where it stands, and how its last email went.</summary>
public sealed record AttendeeRow(
    int Id,
    string Name,
    string Email,
    string? Organisation,
    RegistrationStatus Status,
    int? WaitlistPosition,
    DateTime CreatedAtUtc,
    DateTime? CheckedInAtUtc,
    string? AccessNeeds,
    string? Notes,
    DateTime? OfferExpiresAtUtc,
    long? LastMessageId,
    OutboxStatus? LastMessageStatus,
    string? LastMessageError);

public sealed record AttendeeCounts(int Confirmed, int Waiting, int Cancelled, int CheckedIn, int? Capacity, int Offered = 0)
{
    public int NotYetArrived => Confirmed - CheckedIn;
}

/// <summary>Reads for the organiser's attendee list and door page, paged and searched in the database.</summary>
public static class AttendeeQueries
{
    public static IQueryable<EventRegistration> Search(RegistrationDbContext db, int eventId, string? term, RegistrationStatus? status)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Registrations.AsNoTracking().Where(r => r.EventId == eventId);
        if (status is { } wanted)
        {
            query = query.Where(r => r.Status == wanted);
        }

        if (!string.IsNullOrWhiteSpace(term))
        {
            var pattern = $"%{term.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            query = query.Where(r => EF.Functions.Like(r.Name, pattern, "\\") || EF.Functions.Like(r.Email, pattern, "\\") || EF.Functions.Like(r.Organisation ?? string.Empty, pattern, "\\"));
        }

        return query;
    }

    /// <summary>Turns a page of registrations into rows, with waiting-list positions and the latest email of each.</summary>
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
                message?.LastError);
        }).ToList();
    }

    public static async Task<AttendeeCounts> CountsAsync(RegistrationDbContext db, Event ev, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ev);
        var counts = await db.Registrations.Where(r => r.EventId == ev.Id)
            .GroupBy(r => r.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), CheckedIn = g.Count(r => r.CheckedInAtUtc != null) })
            .ToListAsync(cancellationToken);
        int Of(RegistrationStatus status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
        return new AttendeeCounts(
            Of(RegistrationStatus.Confirmed), Of(RegistrationStatus.Waitlisted), Of(RegistrationStatus.Cancelled), counts.Sum(c => c.CheckedIn), ev.Capacity, Of(RegistrationStatus.Offered));
    }
}
