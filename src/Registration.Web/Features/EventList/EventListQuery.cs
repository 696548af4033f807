using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.EventList;

/// <summary>Which events the organiser's list shows; each has its name in the address (<c>?show=review</c>).</summary>
public enum EventListFilter
{
    All,
    Upcoming,
    Past,
    Drafts,
    Review,
    Cancelled,
}

/// <summary>One event as the list shows it: no description, which can be long and is not listed.</summary>
public sealed record EventListRow(
    int Id,
    string Slug,
    string Title,
    EventStatus Status,
    EventSchedule Schedule,
    EventLocation Location,
    string? SeriesTitle,
    bool NeedsReview,
    DateTime? ReviewedAtUtc,
    IReadOnlyList<string> ReviewNotes,
    DateTime? EditedHereAtUtc = null);

/// <summary>One page of the list, how many events match in all, and how many each filter would show for the same search.</summary>
public sealed record EventListResult(IReadOnlyList<EventListRow> Rows, int Matching, int Page, int Pages, IReadOnlyDictionary<EventListFilter, int> Counts);

/// <summary>
/// Every event for the organiser's list. An organisation has hundreds of events, not millions, so they are
/// read once without their descriptions and searched, counted and paged in memory: that is what lets the
/// search ignore accents ("brasilia" finds "Brasília"), which SQLite's LIKE cannot.
/// </summary>
public static class EventListQuery
{
    public const int PageSize = 25;
    public const int MaxSearchLength = 200;

    /// <summary>The filter named in the address; none named is <see cref="EventListFilter.All"/>, an unknown name is false.</summary>
    public static bool TryParseFilter(string? text, out EventListFilter filter)
    {
        filter = EventListFilter.All;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        foreach (var known in Enum.GetValues<EventListFilter>())
        {
            if (string.Equals(FilterName(known), text, StringComparison.OrdinalIgnoreCase))
            {
                filter = known;
                return true;
            }
        }

        return false;
    }

    public static string FilterName(EventListFilter filter) => filter.ToString().ToLowerInvariant();

    public static async Task<List<EventListRow>> ReadAllAsync(RegistrationDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Events.AsNoTracking()
            .Select(e => new EventListRow(e.Id, e.Slug, e.Title, e.Status, e.Schedule, e.Location, e.Series != null ? e.Series.Title : null, e.NeedsReview, e.ReviewedAtUtc, e.ReviewNotes, e.EditedHereAtUtc))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The events that match <paramref name="search"/> and <paramref name="filter"/>: those still to come
    /// first, soonest first, then those over, latest first. A page past the end shows the last one.
    /// </summary>
    public static EventListResult Select(IEnumerable<EventListRow> events, EventListFilter filter, string? search, int page, DateTime nowUtc)
    {
        var found = Search(events, search);
        var counts = Enum.GetValues<EventListFilter>().ToDictionary(f => f, f => found.Count(e => Shows(f, e, nowUtc)));
        var ahead = found.Where(e => Shows(filter, e, nowUtc) && !HasFinished(e, nowUtc)).OrderBy(e => e.Schedule.StartsAtUtc).ThenBy(e => e.Id);
        var over = found.Where(e => Shows(filter, e, nowUtc) && HasFinished(e, nowUtc)).OrderByDescending(e => e.Schedule.StartsAtUtc).ThenByDescending(e => e.Id);
        var matching = ahead.Concat(over).ToList();
        var pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        var shown = Math.Clamp(page, 1, pages);
        return new EventListResult(matching.Skip((shown - 1) * PageSize).Take(PageSize).ToList(), matching.Count, shown, pages, counts);
    }

    /// <summary>
    /// The search as typed, without characters that cannot be seen (controls, direction marks), which
    /// would otherwise match every event and be echoed back; null when nothing is left.
    /// </summary>
    public static string? CleanSearch(string? typed)
    {
        var visible = new string((typed ?? string.Empty).Where(c => char.GetUnicodeCategory(c) is not (UnicodeCategory.Control or UnicodeCategory.Format)).ToArray()).Trim();
        return visible.Length == 0 ? null : visible.Length <= MaxSearchLength ? visible : visible[..MaxSearchLength];
    }

    /// <summary>
    /// Events with every word of <paramref name="search"/> somewhere in the title, address, venue or series,
    /// compared as the attendee search compares them (<see cref="SearchFolding"/>: no case, accents or curly apostrophes).
    /// </summary>
    public static List<EventListRow> Search(IEnumerable<EventListRow> events, string? search)
    {
        var words = SearchFolding.Words(search);
        return events.Where(e => words.All(word => Mentions(e, word))).ToList();
    }

    /// <summary>The events the list shows for <paramref name="filter"/> and <paramref name="search"/> that still need review, by id.</summary>
    public static IEnumerable<int> NeedingReview(IEnumerable<EventListRow> events, EventListFilter filter, string? search, DateTime nowUtc) =>
        Search(events, search).Where(r => r.NeedsReview && Shows(filter, r, nowUtc)).Select(r => r.Id);

    public static bool Shows(EventListFilter filter, EventListRow e, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(e);
        return filter switch
        {
            EventListFilter.Upcoming => !HasFinished(e, nowUtc) && e.Status != EventStatus.Cancelled,
            EventListFilter.Past => HasFinished(e, nowUtc),
            EventListFilter.Drafts => e.Status == EventStatus.Draft,
            EventListFilter.Review => e.NeedsReview,
            EventListFilter.Cancelled => e.Status == EventStatus.Cancelled,
            _ => true,
        };
    }

    private static bool HasFinished(EventListRow e, DateTime nowUtc) => e.Schedule.EndsAtUtc <= nowUtc;

    private static bool Mentions(EventListRow e, string word) =>
        Contains(e.Title, word) || Contains(e.Slug, word) || Contains(e.Location.Venue, word) || Contains(e.SeriesTitle, word);

    private static bool Contains(string? text, string word) => SearchFolding.Fold(text).Contains(word, StringComparison.Ordinal);
}
