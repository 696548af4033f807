using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Registrations;

/// <summary>
/// The queries every sign-up runs, compiled once: a profile of a sign-up rush showed EF translating and
/// extracting parameters for each call as a visible share of the time spent holding the write lock.
/// </summary>
internal static class HotQueries
{
    public static readonly Func<RegistrationDbContext, int, CancellationToken, Task<Event?>> EventById =
        EF.CompileAsyncQuery((RegistrationDbContext db, int eventId, CancellationToken _) =>
            db.Events.SingleOrDefault(e => e.Id == eventId));

    public static readonly Func<RegistrationDbContext, string, CancellationToken, Task<Event?>> PublicEventBySlug =
        EF.CompileAsyncQuery((RegistrationDbContext db, string slug, CancellationToken _) =>
            db.Events.AsNoTracking().SingleOrDefault(e => e.Slug == slug && e.Status != EventStatus.Draft));

    public static readonly Func<RegistrationDbContext, int, string, CancellationToken, Task<EventRegistration?>> ActiveRegistration =
        EF.CompileAsyncQuery((RegistrationDbContext db, int eventId, string normalizedEmail, CancellationToken _) =>
            db.Registrations.SingleOrDefault(r => r.EventId == eventId && r.NormalizedEmail == normalizedEmail && r.Status != RegistrationStatus.Cancelled));

    /// <summary>Places taken: confirmed, or held for someone while they decide (<see cref="EventRegistration.HoldsPlace"/>).</summary>
    public static readonly Func<RegistrationDbContext, int, CancellationToken, Task<int>> HeldCount =
        EF.CompileAsyncQuery((RegistrationDbContext db, int eventId, CancellationToken _) =>
            db.Registrations.Count(r => r.EventId == eventId && (r.Status == RegistrationStatus.Confirmed || r.Status == RegistrationStatus.Offered)));

    public static readonly Func<RegistrationDbContext, int, CancellationToken, Task<bool>> AnyoneWaiting =
        EF.CompileAsyncQuery((RegistrationDbContext db, int eventId, CancellationToken _) =>
            db.Registrations.Any(r => r.EventId == eventId && r.Status == RegistrationStatus.Waitlisted));

    public static readonly Func<RegistrationDbContext, int, int, CancellationToken, Task<int>> WaitingUpTo =
        EF.CompileAsyncQuery((RegistrationDbContext db, int eventId, int registrationId, CancellationToken _) =>
            db.Registrations.Count(r => r.EventId == eventId && r.Status == RegistrationStatus.Waitlisted && r.Id <= registrationId));

    /// <summary>
    /// The person's earlier (cancelled) registrations for the event, which move their calendar sequence on
    /// (<see cref="Event.CalendarSequenceFor"/>): counted for every email with a calendar file, beside every
    /// sign-up on the same two cores, and for the person's own file, which must carry the same sequence.
    /// </summary>
    public static readonly Func<RegistrationDbContext, int, string, int, CancellationToken, Task<int>> EarlierRegistrations =
        EF.CompileAsyncQuery((RegistrationDbContext db, int eventId, string normalizedEmail, int registrationId, CancellationToken _) =>
            db.Registrations.Count(r => r.EventId == eventId && r.NormalizedEmail == normalizedEmail && r.Id < registrationId));
}
