using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Benchmarks;

/// <summary>
/// The baseline for search in the attendee-list benchmark: <c>AttendeeQueries.Search</c> as main had it before
/// folded search (commit c2f7d6a), unchanged: <c>LIKE</c> on the name, email and organisation as stored, which
/// ignores the case of ASCII letters only and no accents.
/// </summary>
internal static class MainAttendeeSearch
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
}
