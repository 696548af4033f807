using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.EventList;

/// <summary>How marking several events reviewed went: how many were marked, or that the list changed first.</summary>
public sealed record ReviewAllResult(bool ListChanged, int Marked);

/// <summary>An organiser marks an event's review notes as seen; each event marked is one audit entry.</summary>
public sealed class EventReviews(IDbContextFactory<RegistrationDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Returns the outcome and the event's slug, or a null slug when there is no such event.</summary>
    public async Task<(ReviewOutcome Outcome, string? Slug)> MarkAsync(int eventId, string organiser, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ev = await db.Events.SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null)
        {
            return (ReviewOutcome.NothingToReview, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = ev.MarkReviewed(now);
        if (outcome == ReviewOutcome.Reviewed)
        {
            db.Audit.Add(AuditEntry.Record(now, organiser, "mark reviewed", ev.Id, Notes(ev.ReviewNotes.Count)));
            await db.SaveChangesAsync(cancellationToken);
        }

        return (outcome, ev.Slug);
    }

    /// <summary>
    /// Marks every event the list shows for <paramref name="filter"/> and <paramref name="search"/> that
    /// still needs review, but only if that is the <paramref name="expected"/> number the organiser was
    /// asked about: if an import or another organiser changed the list since, nothing is marked.
    /// </summary>
    public async Task<ReviewAllResult> MarkAllAsync(EventListFilter filter, string? search, int expected, string organiser, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await EventListQuery.ReadAllAsync(db, cancellationToken);
        var ids = EventListQuery.Search(rows, search).Where(r => r.NeedsReview && EventListQuery.Shows(filter, r, now)).Select(r => r.Id).ToList();
        if (ids.Count != expected)
        {
            return new ReviewAllResult(true, 0);
        }

        var events = await db.Events.Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        foreach (var ev in events.Where(e => e.MarkReviewed(now) == ReviewOutcome.Reviewed))
        {
            db.Audit.Add(AuditEntry.Record(now, organiser, "mark reviewed", ev.Id, $"{Notes(ev.ReviewNotes.Count)}; one of {ids.Count} marked together"));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ReviewAllResult(false, ids.Count);
    }

    private static string Notes(int count) => count == 1 ? "1 note" : $"{count} notes";
}
