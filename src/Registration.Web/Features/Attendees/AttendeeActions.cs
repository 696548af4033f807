using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;

namespace Registration.Web.Features.Attendees;

public enum AttendeeActionOutcome
{
    Done,
    NothingToDo,
    NotFound,

    /// <summary>Promoting would take more places than the event has.</summary>
    NoPlaceFree,

    /// <summary>Someone who signed up earlier is still waiting: places go in order.</summary>
    NotFirstInLine,

    /// <summary>Only confirmed people can be checked in.</summary>
    NotConfirmed,
}

/// <summary>
/// What organisers do to one registration: check in and undo, cancel (a place held goes to the next
/// person waiting, by the event's rule), give a place, resend the latest email with a fresh link, notes,
/// retry a failed email. Each change is saved under the event's write lock with its emails and an audit
/// entry naming the organiser.
/// </summary>
public sealed class AttendeeActions(IDbContextFactory<RegistrationDbContext> dbFactory, TimeProvider clock, ManageLinks manageLinks)
{
    public Task<AttendeeActionOutcome> CheckInAsync(int registrationId, string organiser) =>
        ChangeAsync(registrationId, organiser, "check in", (db, registration, now) => Task.FromResult(registration.CheckIn(now, organiser) switch
        {
            CheckInOutcome.CheckedIn => AttendeeActionOutcome.Done,
            CheckInOutcome.AlreadyCheckedIn => AttendeeActionOutcome.NothingToDo,
            _ => AttendeeActionOutcome.NotConfirmed,
        }));

    public Task<AttendeeActionOutcome> UndoCheckInAsync(int registrationId, string organiser) =>
        ChangeAsync(registrationId, organiser, "undo check-in", (db, registration, now) => Task.FromResult(
            registration.UndoCheckIn() == UndoCheckInOutcome.Undone ? AttendeeActionOutcome.Done : AttendeeActionOutcome.NothingToDo));

    public Task<AttendeeActionOutcome> CancelAsync(int registrationId, string organiser) =>
        ChangeAsync(registrationId, organiser, "cancel registration", (db, registration, now) =>
        {
            if (registration.Cancel(now, $"organiser {organiser}") == CancelOutcome.AlreadyCancelled)
            {
                return Task.FromResult(AttendeeActionOutcome.NothingToDo);
            }

            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.RegistrationCancelled, now, manageLinks.Issue(registration, now)));
            return Task.FromResult(AttendeeActionOutcome.Done);
        });

    /// <summary>Gives the person a place by hand, in turn (<see cref="Event.GivePlace"/>), and emails them.</summary>
    public Task<AttendeeActionOutcome> PromoteAsync(int registrationId, string organiser) =>
        ChangeAsync(registrationId, organiser, "promote from waiting list", async (db, registration, now) =>
        {
            var ev = registration.Event!;
            var first = (await WaitingList.FirstAsync(db, ev.Id, 1, CancellationToken.None)).SingleOrDefault();
            var held = await WaitingList.CountHeldAsync(db, ev.Id, CancellationToken.None);
            var outcome = ev.GivePlace(registration, first, held, now, $"organiser {organiser}");
            if (outcome == GivePlaceOutcome.Given)
            {
                db.Outbox.Add(OutboxMessage.For(registration, MessageKind.PromotedFromWaitingList, now, manageLinks.Issue(registration, now)));
            }

            return outcome switch
            {
                GivePlaceOutcome.Given => AttendeeActionOutcome.Done,
                GivePlaceOutcome.NoPlaceFree => AttendeeActionOutcome.NoPlaceFree,
                GivePlaceOutcome.NotFirstInLine => AttendeeActionOutcome.NotFirstInLine,
                _ => AttendeeActionOutcome.NothingToDo,
            };
        });

    /// <summary>Sends the email for where the person stands again, with a fresh manage link; earlier links keep working.</summary>
    public Task<AttendeeActionOutcome> ResendConfirmationAsync(int registrationId, string organiser) =>
        ChangeAsync(registrationId, organiser, "resend confirmation", (db, registration, now) =>
        {
            var kind = registration.Status switch
            {
                RegistrationStatus.Confirmed => MessageKind.RegistrationConfirmed,
                RegistrationStatus.Waitlisted => MessageKind.Waitlisted,
                RegistrationStatus.Offered => MessageKind.PlaceOffered,
                _ => (MessageKind?)null,
            };
            if (kind is null)
            {
                return Task.FromResult(AttendeeActionOutcome.NothingToDo);
            }

            db.Outbox.Add(OutboxMessage.For(registration, kind.Value, now, manageLinks.Issue(registration, now)));
            return Task.FromResult(AttendeeActionOutcome.Done);
        });

    public Task<AttendeeActionOutcome> SetNotesAsync(int registrationId, string? notes, string organiser) =>
        ChangeAsync(registrationId, organiser, "edit notes", (db, registration, now) =>
        {
            registration.SetNotes(notes);
            return Task.FromResult(AttendeeActionOutcome.Done);
        });

    public async Task<AttendeeActionOutcome> RetryEmailAsync(long messageId, string organiser)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var message = await db.Outbox.SingleOrDefaultAsync(m => m.Id == messageId);
        if (message is null)
        {
            return AttendeeActionOutcome.NotFound;
        }

        if (message.Status != OutboxStatus.Failed)
        {
            return AttendeeActionOutcome.NothingToDo;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        message.Retry(now);
        db.Audit.Add(AuditEntry.Record(now, organiser, "retry email", message.EventId, $"message {message.MessageId:N} to {message.ToAddress}"));
        await db.SaveChangesAsync();
        return AttendeeActionOutcome.Done;
    }

    private async Task<AttendeeActionOutcome> ChangeAsync(
        int registrationId,
        string organiser,
        string action,
        Func<RegistrationDbContext, EventRegistration, DateTime, Task<AttendeeActionOutcome>> change)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var eventId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => (int?)r.EventId).SingleOrDefaultAsync();
        if (eventId is null)
        {
            return AttendeeActionOutcome.NotFound;
        }

        await using var write = await EventWriteLock.BeginAsync(db, eventId.Value, CancellationToken.None);
        var registration = await db.Registrations.Include(r => r.Event).SingleAsync(r => r.Id == registrationId);
        if (registration.IsAnonymised)
        {
            // Whoever it was has gone from the record: there is nobody to check in, write to or move.
            return AttendeeActionOutcome.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = await change(db, registration, now);
        if (outcome == AttendeeActionOutcome.Done)
        {
            db.Audit.Add(AuditEntry.About(registration, now, organiser, action, $"{registration.Name} <{registration.Email}>"));
            await db.SaveChangesAsync();
            await write.CommitAsync(CancellationToken.None);
        }

        return outcome;
    }
}
