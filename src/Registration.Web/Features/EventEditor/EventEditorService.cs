using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Email;

namespace Registration.Web.Features.EventEditor;

public enum EditOutcome
{
    Saved,

    /// <summary>The time or place changed and people are registered: say how many will be emailed, and ask.</summary>
    NeedsConfirmation,
    Invalid,
    SlugTaken,
    NotFound,
    NotAllowed,

    /// <summary>Someone (an import, another organiser) changed the event after the form was opened: nothing saved.</summary>
    ChangedMeanwhile,
}

/// <summary>What a save that moves a published event does about the people registered.</summary>
public enum MoveNotice
{
    /// <summary>Saves nothing yet when people would need telling: the organiser chooses first.</summary>
    AskFirst,
    Email,
    DoNotEmail,
}

public sealed record EditResult(EditOutcome Outcome, string? Message = null, int People = 0, string? Slug = null);

/// <summary>The organiser's event workflows: create, save (with change notices), publish, unpublish, cancel, duplicate.</summary>
public sealed class EventEditorService(IDbContextFactory<RegistrationDbContext> dbFactory, EventNotices notices, TimeProvider clock)
{
    public async Task<EditResult> CreateAsync(string? slug, EventForm form, string organiser)
    {
        ArgumentNullException.ThrowIfNull(form);
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            var details = form.ToDetails(existing: null);
            var chosen = string.IsNullOrWhiteSpace(slug) ? $"{details.Schedule.FirstDay:yyyy-MM-dd}-{Slugs.From(details.Title)}" : slug.Trim();
            await using var db = await dbFactory.CreateDbContextAsync();
            if (await db.Events.AnyAsync(e => e.Slug == chosen))
            {
                return new EditResult(EditOutcome.SlugTaken, $"Another event already has the address \"{chosen}\".");
            }

            var ev = Event.CreateHere(chosen, details, now);
            db.Events.Add(ev);
            await db.SaveChangesAsync();
            db.Audit.Add(AuditEntry.Record(now, organiser, "create event", ev.Id, ev.Title));
            await db.SaveChangesAsync();
            return new EditResult(EditOutcome.Saved, "Saved as a draft.", Slug: ev.Slug);
        }
        catch (DomainException ex)
        {
            return new EditResult(EditOutcome.Invalid, ex.Message);
        }
    }

    /// <summary>Who holds the event's places and how many wait: what a change of capacity is weighed against.</summary>
    public async Task<AttendeeCounts> PlacesAsync(Event ev)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await AttendeeQueries.CountsAsync(db, ev);
    }

    public async Task<EditResult> SaveAsync(int eventId, EventForm form, MoveNotice moveNotice, string organiser)
    {
        ArgumentNullException.ThrowIfNull(form);
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var write = await EventWriteLock.BeginAsync(db, eventId, CancellationToken.None);
        var ev = await db.Events.SingleOrDefaultAsync(e => e.Id == eventId);
        if (ev is null)
        {
            return new EditResult(EditOutcome.NotFound);
        }

        // Checked under the lock: saving a form opened before a newer change would quietly undo that change.
        if ((form.LoadedVersion is { } loaded && loaded != ev.UpdatedAtUtc) || (form.LoadedStatus is { } status && status != ev.Status))
        {
            return new EditResult(EditOutcome.ChangedMeanwhile, "This event was changed after you opened it (by an import or another organiser, or published, unpublished or cancelled), so nothing was saved. Copy anything you typed, then reload the page to see the changes.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        EventDetails details;
        try
        {
            details = form.ToDetails(ev);
        }
        catch (DomainException ex)
        {
            return new EditResult(EditOutcome.Invalid, ex.Message);
        }

        var before = EventSnapshot.Of(ev);
        var moves = EventChange.Between(before, EventSnapshot.Of(details)).Count > 0;
        var people = moves ? await db.Registrations.CountAsync(r => r.EventId == ev.Id && r.Status != RegistrationStatus.Cancelled) : 0;
        var published = ev.Status == EventStatus.Published;
        if (moves && people > 0 && published && moveNotice == MoveNotice.AskFirst)
        {
            return new EditResult(EditOutcome.NeedsConfirmation, $"The time, place or joining link has changed and {RegistrantText.People(people)} registered. Emailed, they get the new details and a calendar entry that replaces the old one; not emailed, they find out only from the event page.", people);
        }

        var places = ev.Capacity == details.Capacity ? null : await AttendeeQueries.CountsAsync(db, ev);
        var capacityNote = places is null ? null : CapacityText.Describe(ev, details.Capacity, details.WaitlistOfferHours, places, now, saved: true);
        bool changed;
        try
        {
            changed = ev.EditHere(details, now);
        }
        catch (DomainException ex)
        {
            return new EditResult(EditOutcome.Invalid, ex.Message);
        }

        var notified = moves && published && moveNotice != MoveNotice.DoNotEmail ? await notices.QueueChangeNoticesAsync(db, ev, before, organiser, now, CancellationToken.None) : 0;
        if (changed)
        {
            // A save that changed nothing is not something an organiser did to the event. The record says
            // whether the people registered were told, either way.
            var told = moves && published && people > 0
                ? RegistrantText.Told(moveNotice != MoveNotice.DoNotEmail, moveNotice == MoveNotice.DoNotEmail ? people : notified)
                : null;
            db.Audit.Add(AuditEntry.Record(now, organiser, moves ? "change event time or place" : "edit event", ev.Id, Join(told, capacityNote)));
        }

        // Saving also gives places a new capacity frees to the people waiting (Event.FillPlaces), in this transaction.
        await db.SaveChangesAsync();
        await write.CommitAsync(CancellationToken.None);
        var message = notified > 0 ? $"Saved; emailing the change to {Announcements.People(notified)}."
            : moves && published && people > 0 ? "Saved without emailing anyone." : "Saved.";
        return new EditResult(EditOutcome.Saved, capacityNote is null ? message : $"{message} {capacityNote}", notified, ev.Slug);
    }

    /// <summary>
    /// Publishes, but first says when an online event has no joining link: people would be told it is to
    /// follow, and reminders would go out without it. <paramref name="withoutJoiningLink"/> publishes anyway.
    /// </summary>
    public Task<EditResult> PublishAsync(int eventId, string organiser, bool withoutJoiningLink = false) =>
        StatusAsync(eventId, organiser, "publish event", (db, ev) =>
        {
            if (JoiningLinks.IsMissing(ev) && !withoutJoiningLink)
            {
                return Task.FromResult<(StatusChangeOutcome, string?)?>(null);
            }

            return Task.FromResult<(StatusChangeOutcome, string?)?>((ev.Publish(), JoiningLinks.IsMissing(ev) ? "without a joining link" : null));
        });

    /// <summary>
    /// Takes the event off the site. The people registered keep their registrations; when
    /// <paramref name="tellThem"/>, each is emailed that it is off the site for now and what that means.
    /// </summary>
    public Task<EditResult> UnpublishAsync(int eventId, string organiser, bool tellThem = false) =>
        StatusAsync(eventId, organiser, "unpublish event", async (db, ev) =>
        {
            var outcome = ev.Unpublish();
            var active = await db.Registrations.Where(r => r.EventId == ev.Id && r.Status != RegistrationStatus.Cancelled).CountAsync();
            if (outcome != StatusChangeOutcome.Changed || active == 0)
            {
                return (outcome, null);
            }

            var told = tellThem ? await notices.QueueUnpublishedNoticesAsync(db, ev, organiser, clock.GetUtcNow().UtcDateTime, CancellationToken.None) : active;
            return (outcome, RegistrantText.Told(tellThem, told));
        });

    /// <summary>Cancels for good; <paramref name="reason"/> goes on the event page and, when <paramref name="tellThem"/>, into everyone's notice.</summary>
    public async Task<EditResult> CancelAsync(int eventId, string organiser, string? reason, bool tellThem = true)
    {
        // Asked for every time, as Eventbrite and Luma do: a bare "cancelled" leaves everyone asking why.
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new EditResult(EditOutcome.Invalid, "Give a reason: it is shown on the event page and put in the email to the people registered.");
        }

        if (reason.Trim().Length > Event.MaxCancellationReasonLength)
        {
            return new EditResult(EditOutcome.Invalid, $"Give the reason in at most {Event.MaxCancellationReasonLength:N0} characters.");
        }

        var (outcome, told) = await notices.CancelEventAsync(eventId, organiser, reason, tellThem);
        if (outcome != EventCancelOutcome.Cancelled)
        {
            return new EditResult(outcome == EventCancelOutcome.NotFound ? EditOutcome.NotFound : EditOutcome.NotAllowed, "The event was already cancelled.");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        db.Audit.Add(AuditEntry.Record(clock.GetUtcNow().UtcDateTime, organiser, "cancel event", eventId, $"{RegistrantText.Told(tellThem, told)}; reason: {reason.Trim()}"));
        await db.SaveChangesAsync();
        var said = told == 0 ? "Cancelled." : tellThem ? $"Cancelled; {RegistrantText.People(told)} being told." : "Cancelled; nobody was emailed.";
        return new EditResult(EditOutcome.Saved, said, told);
    }

    /// <summary>
    /// A draft copy on the same weekday of the next month (the second Wednesday stays the second
    /// Wednesday), at the same local time, in the same series: the next monthly meeting in seconds.
    /// </summary>
    public async Task<EditResult> DuplicateAsync(int eventId, string organiser)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var source = await db.Events.AsNoTracking().Include(e => e.Series).SingleOrDefaultAsync(e => e.Id == eventId);
        if (source is null)
        {
            return new EditResult(EditOutcome.NotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var start = source.Schedule.LocalStart;
        var next = MonthlyMeeting.Like(start, source.Schedule.TimeZoneId).NextAfter(source.Schedule.StartsAtUtc);
        var baseSlug = System.Text.RegularExpressions.Regex.Replace(source.Slug, @"^\d{4}-\d{2}-\d{2}-", string.Empty);
        var slug = $"{next:yyyy-MM-dd}-{baseSlug}";
        if (await db.Events.AnyAsync(e => e.Slug == slug))
        {
            return new EditResult(EditOutcome.SlugTaken, $"The next meeting already exists: {slug}.", Slug: slug);
        }

        var form = EventForm.From(source);
        form.Starts = next;
        form.Ends = next + (source.Schedule.LocalEnd - start);
        form.RegistrationOpens = null;
        form.RegistrationCloses = null;
        // A copy is written here, not imported: it starts without the source's import notes, and an import
        // of a page with its address leaves it alone.
        var copy = Event.CreateHere(slug, form.ToDetails(source) with { ReviewNotes = [] }, now);
        copy.AssignToSeries(source.SeriesId is null ? null : await db.Series.FindAsync(source.SeriesId));
        db.Events.Add(copy);
        await db.SaveChangesAsync();
        db.Audit.Add(AuditEntry.Record(now, organiser, "duplicate event", copy.Id, $"from {source.Slug}"));
        await db.SaveChangesAsync();
        return new EditResult(EditOutcome.Saved, $"Draft created for {next:dddd d MMMM yyyy}.", Slug: slug);
    }

    private static string? Join(string? first, string? second) => first is null ? second : second is null ? first : $"{first}; {second}";

    /// <summary>
    /// Publishing can give out places freed while the event was a draft, so it runs under the event's write
    /// lock. <paramref name="change"/> answers null when the organiser must confirm first, or the outcome
    /// and what the audit entry should add.
    /// </summary>
    private async Task<EditResult> StatusAsync(int eventId, string organiser, string action, Func<RegistrationDbContext, Event, Task<(StatusChangeOutcome Outcome, string? Details)?>> change)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var write = await EventWriteLock.BeginAsync(db, eventId, CancellationToken.None);
        var ev = await db.Events.SingleOrDefaultAsync(e => e.Id == eventId);
        if (ev is null)
        {
            return new EditResult(EditOutcome.NotFound);
        }

        if (await change(db, ev) is not { } decided)
        {
            return new EditResult(EditOutcome.NeedsConfirmation, JoiningLinks.PublishWarning);
        }

        var (outcome, details) = decided;

        if (outcome != StatusChangeOutcome.Changed)
        {
            return new EditResult(EditOutcome.NotAllowed, outcome == StatusChangeOutcome.NotAllowedWhenCancelled ? "A cancelled event cannot be published again." : "Nothing to change.");
        }

        db.Audit.Add(AuditEntry.Record(clock.GetUtcNow().UtcDateTime, organiser, action, ev.Id, details));
        await db.SaveChangesAsync();
        await write.CommitAsync(CancellationToken.None);
        return new EditResult(EditOutcome.Saved, ev.Status == EventStatus.Published ? "Published." : "Unpublished: only organisers can see it now.");
    }
}
