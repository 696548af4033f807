using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.EventList;

/// <summary>How marking several events reviewed went: how many were marked, or that the list changed first.</summary>
public sealed record ReviewAllResult(bool ListChanged, int Marked);

/// <summary>
/// An organiser marks an event's review notes as seen. Each is written under the database's write lock, so
/// two organisers (or two tabs) marking the same events record it once, and the second is told.
/// </summary>
public sealed class EventReviews(IDbContextFactory<RegistrationDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Marks the notes the organiser read (<paramref name="notesRead"/>, their <see cref="Event.ReviewNotesStamp"/>).
    /// Returns the outcome and the event's slug, or a null slug when there is no such event.
    /// </summary>
    public async Task<(ReviewOutcome Outcome, string? Slug)> MarkAsync(int eventId, string notesRead, string organiser, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var write = await EventWriteLock.BeginAsync(db, eventId, cancellationToken);
        var ev = await db.Events.SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null)
        {
            return (ReviewOutcome.NothingToReview, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = ev.MarkReviewed(now, notesRead);
        if (outcome == ReviewOutcome.Reviewed)
        {
            db.Audit.Add(AuditEntry.Record(now, organiser, "mark reviewed", ev.Id, Notes(ev.ReviewNotes.Count)));
            await db.SaveChangesAsync(cancellationToken);
            await write.CommitAsync(cancellationToken);
        }

        return (outcome, ev.Slug);
    }

    /// <summary>
    /// Marks the events the organiser was shown and asked about (<paramref name="shownIds"/>), but only if
    /// they are still exactly the events the list holds for <paramref name="filter"/> and
    /// <paramref name="search"/> that need review: if an import or another organiser changed that since,
    /// nothing is marked. One audit entry for the one decision, naming the events.
    /// </summary>
    public async Task<ReviewAllResult> MarkAllAsync(EventListFilter filter, string? search, IReadOnlyCollection<int> shownIds, string organiser, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shownIds);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var write = await EventWriteLock.BeginAsync(db, null, EventWriteLock.Timeout, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await EventListQuery.ReadAllAsync(db, cancellationToken);
        var ids = EventListQuery.NeedingReview(rows, filter, search, now).ToHashSet();
        if (ids.Count == 0 || !ids.SetEquals(shownIds))
        {
            return new ReviewAllResult(true, 0);
        }

        var events = await db.Events.Where(e => ids.Contains(e.Id)).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var marked = events.Where(e => e.MarkReviewed(now) == ReviewOutcome.Reviewed).Select(e => e.Slug).ToList();
        db.Audit.Add(AuditEntry.Record(now, organiser, "mark reviewed", null, $"{marked.Count} events at once: {string.Join(", ", marked)}"));
        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new ReviewAllResult(false, marked.Count);
    }

    private static string Notes(int count) => count == 1 ? "1 note" : $"{count} notes";
}
