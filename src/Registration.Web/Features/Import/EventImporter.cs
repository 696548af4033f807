using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Events;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Import;

public enum ImportOutcome
{
    Created,
    Updated,
    Unchanged,

    /// <summary>The event was changed here since it was imported: the page was not applied over it.</summary>
    Kept,
    Skipped,
}

/// <summary>What happened to one file: the outcome and the slug, or why it was skipped; and whether its event has notes not yet reviewed.</summary>
public sealed record ImportResult(string Path, ImportOutcome Outcome, string Detail, bool NeedsReview = false);

public sealed record ImportReport(IReadOnlyList<ImportResult> Files, IReadOnlyList<string> UnreadablePaths)
{
    public int Count(ImportOutcome outcome) => Files.Count(f => f.Outcome == outcome);

    public int NeedingReview => Files.Count(f => f.NeedsReview);
}

/// <summary>
/// Creates or updates published events from Jekyll pages, keyed by slug. Only the page's own content is
/// written: an event's status, registrations and calendar identity are left alone, so importing the same
/// files again changes nothing. A new time or place is announced to everyone registered. An event an
/// organiser changed here is kept as they left it unless the import is told to replace their edits.
/// </summary>
public sealed class EventImporter(IDbContextFactory<RegistrationDbContext> dbFactory, EventNotices notices, TimeProvider clock, IOptions<RegistrationOptions> options)
{
    public Task<ImportReport> ImportAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default) =>
        ImportAsync(paths, siteUrl: null, cancellationToken);

    /// <param name="paths">Pages, or folders of them.</param>
    /// <param name="siteUrl">The old site's address, for its Liquid variables and root-relative links.</param>
    /// <param name="cancellationToken">Stops the import between pages.</param>
    public Task<ImportReport> ImportAsync(IEnumerable<string> paths, Uri? siteUrl, CancellationToken cancellationToken = default) =>
        ImportAsync(paths, siteUrl, replaceEdited: false, cancellationToken);

    /// <param name="paths">Pages, or folders of them.</param>
    /// <param name="siteUrl">The old site's address, for its Liquid variables and root-relative links.</param>
    /// <param name="replaceEdited">Apply pages over events changed here too, as the organiser asked.</param>
    /// <param name="cancellationToken">Stops the import between pages.</param>
    public async Task<ImportReport> ImportAsync(IEnumerable<string> paths, Uri? siteUrl, bool replaceEdited, CancellationToken cancellationToken = default)
    {
        var files = new List<string>();
        var unreadable = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else
            {
                unreadable.Add(path);
            }
        }

        var results = new List<ImportResult>(files.Count);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var site = await DescribeSiteAsync(db, siteUrl, files, cancellationToken);
        foreach (var file in files)
        {
            results.Add(await ImportFileAsync(db, file, site, replaceEdited, cancellationToken));
        }

        return new ImportReport(results, unreadable);
    }

    /// <summary>
    /// The events a page may link to: those already here, and every page of this import by its Jekyll name,
    /// so a link to a page later in the same folder finds it on the first import as on the next.
    /// </summary>
    private static async Task<JekyllSite> DescribeSiteAsync(RegistrationDbContext db, Uri? siteUrl, List<string> files, CancellationToken cancellationToken)
    {
        var names = (await db.Events.Select(e => e.Slug).ToListAsync(cancellationToken)).Select(slug => KeyValuePair.Create(slug, slug)).ToList();
        foreach (var file in files)
        {
            try
            {
                if (FrontMatter.TryParse((await PageFile.ReadAsync(file, cancellationToken)).Text, out _) is { } frontMatter)
                {
                    names.Add(KeyValuePair.Create(Path.GetFileNameWithoutExtension(file), EventPageReader.ReadSlug(frontMatter, file)));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ImportException || IsPageFault(ex))
            {
                // The page itself is reported as skipped when it is imported.
            }
        }

        return new JekyllSite(siteUrl, names);
    }

    private async Task<ImportResult> ImportFileAsync(RegistrationDbContext db, string file, JekyllSite site, bool replaceEdited, CancellationToken cancellationToken)
    {
        string text;
        bool notUtf8;
        try
        {
            (text, notUtf8) = await PageFile.ReadAsync(file, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ImportResult(file, ImportOutcome.Skipped, $"cannot be read: {ex.Message}");
        }

        EventPage page;
        try
        {
            var frontMatter = FrontMatter.TryParse(text, out var error);
            if (frontMatter is null)
            {
                return new ImportResult(file, ImportOutcome.Skipped, error!);
            }

            page = EventPageReader.Read(frontMatter, file, options.Value.DefaultTimeZone, site);
        }
        catch (Exception ex) when (ex is ImportException or DomainException)
        {
            return new ImportResult(file, ImportOutcome.Skipped, ex.Message);
        }
        catch (Exception ex) when (IsPageFault(ex))
        {
            // One page the reader did not foresee must not stop the pages after it.
            return new ImportResult(file, ImportOutcome.Skipped, $"could not be imported: {ex.Message}");
        }

        if (notUtf8)
        {
            page = page with { Details = page.Details with { ReviewNotes = [.. page.Details.ReviewNotes, PageFile.NotUtf8Note] } };
        }

        try
        {
            var (outcome, detail, needsReview) = await UpsertAsync(db, page, replaceEdited, cancellationToken);
            return new ImportResult(file, outcome, detail, needsReview);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return new ImportResult(file, ImportOutcome.Skipped, $"{page.Slug}: {ex.Message}");
        }
    }

    /// <summary>What reading a page's own text can throw: faults of that page, not of the import.</summary>
    private static bool IsPageFault(Exception ex) =>
        ex is ArgumentException or FormatException or OverflowException or InvalidOperationException or YamlDotNet.Core.YamlException;

    private async Task<(ImportOutcome Outcome, string Detail, bool NeedsReview)> UpsertAsync(RegistrationDbContext db, EventPage page, bool replaceEdited, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existingId = await db.Events.Where(e => e.Slug == page.Slug).Select(e => (int?)e.Id).SingleOrDefaultAsync(cancellationToken);

        // A new capacity or time can give places to people waiting, in the same transaction as the change.
        await using var write = await EventWriteLock.BeginAsync(db, existingId ?? 0, cancellationToken);

        // Checked under the lock, so an organiser's save cannot land between this look and the write.
        var kept = await db.Events.Where(e => e.Slug == page.Slug && e.EditedHereAtUtc != null && !replaceEdited)
            .Select(e => new { EditedAtUtc = e.EditedHereAtUtc!.Value, e.NeedsReview }).SingleOrDefaultAsync(cancellationToken);
        if (kept is not null)
        {
            // Said on every import, even of a page that has not changed: the page and the event differ, and
            // "unchanged" would suggest they match.
            return (ImportOutcome.Kept, $"{page.Slug}: changed here on {Local(kept.EditedAtUtc)}; the page was not applied (import --replace-edited to apply it)", kept.NeedsReview);
        }

        var series = await FindSeriesAsync(db, page, cancellationToken);
        var existing = await db.Events.SingleOrDefaultAsync(e => e.Slug == page.Slug, cancellationToken);
        var editedBefore = existing?.EditedHereAtUtc;
        ImportOutcome outcome;
        Event ev;
        if (existing is null)
        {
            var created = Event.Create(page.Slug, page.DetailsAt(now), now);
            created.Publish();
            created.AssignToSeries(series);
            db.Events.Add(created);
            outcome = ImportOutcome.Created;
            ev = created;
        }
        else
        {
            var stood = EventSnapshot.Of(existing);
            // A page changes the form only in what it states: questions and built-in fields set in the editor stay otherwise.
            var details = page.DetailsAt(now) with
            {
                Questions = page.StatesQuestions ? page.Details.Questions : existing.Questions,
                BuiltInFields = page.StatesFormFields ? page.Details.BuiltInFields : existing.BuiltInFields,
            };
            var edited = existing.EditedHereAtUtc;
            var changed = edited is null ? existing.ApplyDetails(details, now) : existing.ReplaceEditsWith(details, now);
            if (edited is { } editedAt)
            {
                db.Audit.Add(AuditEntry.Record(now, "import", "import replaced edits", existing.Id, $"edits made here on {Local(editedAt)}"));
                changed = true;
            }

            if (existing.Status == EventStatus.Published && EventChange.Between(stood, EventSnapshot.Of(existing)).Count > 0)
            {
                // People already registered hear about a new time, place or joining link, with an updated calendar entry.
                await notices.QueueChangeNoticesAsync(db, existing, stood, "import", now, cancellationToken);
            }

            if (existing.SeriesId != series?.Id)
            {
                existing.AssignToSeries(series);
                changed = true;
            }

            outcome = changed ? ImportOutcome.Updated : ImportOutcome.Unchanged;
            ev = existing;
        }

        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);

        // Said on the line, not only in the audit log: whoever asked for it sees what their edits became.
        var detail = editedBefore is { } before ? $"{page.Slug}: replaced the changes made here on {Local(before)}" : page.Slug;
        return (outcome, detail, ev.NeedsReview);
    }

    /// <summary>A moment as the organisation reads it, in its default zone, named ("1 Dec 2026 14:05 UK time").</summary>
    private string Local(DateTime utc)
    {
        var zone = options.Value.DefaultTimeZone;
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, EventSchedule.FindTimeZone(zone));
        return $"{local.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} {EventDisplay.ZoneLabel(zone)}";
    }

    /// <summary>
    /// A page names its series with <c>series:</c>; a page that does not joins the series whose title it
    /// shares, which is how the old site kept its numbered meetings together.
    /// </summary>
    private static async Task<Series?> FindSeriesAsync(RegistrationDbContext db, EventPage page, CancellationToken cancellationToken)
    {
        if (page.SeriesName is null)
        {
            return await db.Series.FirstOrDefaultAsync(s => s.Title == page.Details.Title.Trim(), cancellationToken);
        }

        var slug = Slugs.From(page.SeriesName);
        var series = await db.Series.FirstOrDefaultAsync(s => s.Slug == slug || s.Title == page.SeriesName, cancellationToken);
        if (series is null)
        {
            series = Series.Create(page.SeriesName, slug);
            db.Series.Add(series);
            await db.SaveChangesAsync(cancellationToken);
        }

        return series;
    }
}
