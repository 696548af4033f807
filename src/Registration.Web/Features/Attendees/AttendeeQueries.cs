using Microsoft.EntityFrameworkCore;
using Radzen;
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
    string? LastMessageError,
    DateTime? AnonymisedAtUtc)
{
    /// <summary>Shown in place of the name of a registration whose personal data was removed, which keeps its status and dates.</summary>
    public const string RemovedName = "Removed";

    public bool IsAnonymised => AnonymisedAtUtc is not null;

    /// <summary>The name to show and to label the row's buttons with.</summary>
    public string ShownName => IsAnonymised ? RemovedName : Name;
}

/// <summary>One page of the attendee list and how many registrations match in all.</summary>
public sealed record AttendeePage(int Total, IReadOnlyList<AttendeeRow> Rows);

public sealed record AttendeeCounts(int Confirmed, int Waiting, int Cancelled, int CheckedIn, int? Capacity, int Offered = 0)
{
    public int NotYetArrived => Confirmed - CheckedIn;

    /// <summary>Places taken: confirmed, or held for someone on offer.</summary>
    public int Held => Confirmed + Offered;
}

/// <summary>Reads for the organiser's attendee list and door page, paged and searched in the database.</summary>
public static class AttendeeQueries
{
    private const int MaxSearchWords = 12;

    /// <summary>
    /// The event's registrations, of one status if given, holding every word typed in their name, email,
    /// organisation or answers, without regard to accents or case (<see cref="EventRegistration.SearchText"/>).
    /// Each word is found by <c>instr</c> in the stored folded text: no pattern to escape, and one pass over
    /// the event's rows, read through <c>IX_Registrations_EventId_Status</c>.
    /// </summary>
    public static IQueryable<EventRegistration> Search(RegistrationDbContext db, int eventId, string? term, RegistrationStatus? status)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Registrations.AsNoTracking().Where(r => r.EventId == eventId);
        if (status is { } wanted)
        {
            query = query.Where(r => r.Status == wanted);
        }

        // Text pasted into the box by mistake must narrow the list, not fail it: tens of thousands of words
        // nest as many conditions, which overflowed the stack while EF Core translated them (the whole
        // process stopped) and would exceed SQLite's 32,766 parameters. Nobody types a dozen words to find someone.
        foreach (var word in SearchFolding.Words(term).Take(MaxSearchWords))
        {
            query = query.Where(r => r.SearchText!.Contains(word));
        }

        return query;
    }

    /// <summary>
    /// The door page's list, A to Z by name without regard to accents or case, at most <paramref name="take"/>
    /// people and how many there are in all. Before anything is typed it holds the people expected (confirmed
    /// places, checked in or not); a search also finds those waiting or offered a place, so the door can tell
    /// them where they stand. Cancelled registrations never show.
    /// </summary>
    public static async Task<AttendeePage> DoorAsync(RegistrationDbContext db, int eventId, string? term, int take, CancellationToken cancellationToken = default)
    {
        var query = SearchFolding.Words(term).Count == 0
            ? Search(db, eventId, term: null, RegistrationStatus.Confirmed)
            : Search(db, eventId, term, status: null).Where(r => r.Status != RegistrationStatus.Cancelled);
        var total = await query.CountAsync(cancellationToken);
        return new AttendeePage(total, await RowsAsync(db, query.OrderBy(r => r.SearchText).ThenBy(r => r.Id).Take(take), cancellationToken));
    }

    /// <summary>One load of the organiser's grid: how many registrations match, and one page of them in the order asked.</summary>
    public static async Task<AttendeePage> PageAsync(
        RegistrationDbContext db, int eventId, string? term, RegistrationStatus? status, string? orderBy, int skip, int take, CancellationToken cancellationToken = default)
    {
        var query = Search(db, eventId, term, status);
        var total = await query.CountAsync(cancellationToken);

        // Many people share a name (or a status), and SQL returns equal keys in no fixed order: without the
        // id as a tie-break a person could show on two pages, or on none.
        var ordered = string.IsNullOrEmpty(orderBy) ? query.OrderBy(r => r.Id) : query.OrderBy(orderBy).ThenBy(r => r.Id);
        return new AttendeePage(total, await RowsAsync(db, ordered.Skip(skip).Take(take), cancellationToken));
    }

    /// <summary>Turns a page of registrations into rows, with waiting-list positions and the latest email of each.</summary>
    public static async Task<List<AttendeeRow>> RowsAsync(RegistrationDbContext db, IQueryable<EventRegistration> page, CancellationToken cancellationToken = default)
    {
        // The page is chosen by id first and only its rows are then read in full. In one statement SQLite
        // works out every selected column before it sorts and skips, so the last page would look up the
        // latest email and waiting-list place of each of the thousands of registrations before it.
        var ids = await page.Select(r => r.Id).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await Rows(db, ids).ToDictionaryAsync(r => r.Id, cancellationToken);
        return ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
    }

    /// <summary>
    /// The rows of the given registrations. Each row's latest email is a correlated subquery that reads
    /// <c>IX_OutboxMessages_RegistrationId</c> from that registration's newest entry (SQLite orders an index's
    /// entries for one value by id), so it costs the same with 200 or 200,000 messages in the outbox. The
    /// waiting-list position counts entries of <c>IX_Registrations_EventId_Status</c> up to the row's id.
    /// </summary>
    internal static IQueryable<AttendeeRow> Rows(RegistrationDbContext db, IReadOnlyCollection<int> ids)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Registrations.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new AttendeeRow(
            r.Id,
            r.Name,
            r.Email,
            r.Organisation,
            r.Status,
            r.Status == RegistrationStatus.Waitlisted
                ? db.Registrations.Count(o => o.EventId == r.EventId && o.Status == RegistrationStatus.Waitlisted && o.Id <= r.Id)
                : null,
            r.CreatedAtUtc,
            r.CheckedInAtUtc,
            r.Answers.GetValueOrDefault(SignUpDetails.AccessNeedsKey),
            r.Notes,
            r.OfferExpiresAtUtc,
            db.Outbox.Where(m => m.RegistrationId == r.Id).OrderByDescending(m => m.Id).Select(m => (long?)m.Id).FirstOrDefault(),
            db.Outbox.Where(m => m.RegistrationId == r.Id).OrderByDescending(m => m.Id).Select(m => (OutboxStatus?)m.Status).FirstOrDefault(),
            db.Outbox.Where(m => m.RegistrationId == r.Id).OrderByDescending(m => m.Id).Select(m => m.LastError).FirstOrDefault(),
            r.AnonymisedAtUtc));
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
