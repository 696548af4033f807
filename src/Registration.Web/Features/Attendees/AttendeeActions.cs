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

    /// <summary>Only confirmed people can be checked in.</summary>
    NotConfirmed,
}

/// <summary>
/// What organisers do to one registration: check in and undo, cancel (the place goes to the next person
/// waiting), promote, resend the confirmation, notes, retry a failed email. Each change is saved under
/// the event's write lock with its emails and an audit entry naming the organiser.
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
        ChangeAsync(registrationId, organiser, "cancel registration", async (db, registration, now) =>
        {
            if (registration.Cancel(now, $"organiser {organiser}") == CancelOutcome.AlreadyCancelled)
            {
                return AttendeeActionOutcome.NothingToDo;
            }

            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.RegistrationCancelled, now));
            await db.SaveChangesAsync();
            await WaitingList.FillFreePlacesAsync(db, registration.Event!, now, CancellationToken.None);
            return AttendeeActionOutcome.Done;
        });

    public Task<AttendeeActionOutcome> PromoteAsync(int registrationId, string organiser) =>
        ChangeAsync(registrationId, organiser, "promote from waiting list", async (db, registration, now) =>
        {
            if (registration.Status != RegistrationStatus.Waitlisted)
            {
                return AttendeeActionOutcome.NothingToDo;
            }

            if (!registration.Event!.HasPlaceFor(await WaitingList.CountConfirmedAsync(db, registration.EventId, CancellationToken.None)))
            {
                return AttendeeActionOutcome.NoPlaceFree;
            }

            registration.Promote(now, $"organiser {organiser}");
            db.Outbox.Add(OutboxMessage.For(registration, MessageKind.PromotedFromWaitingList, now));
            return AttendeeActionOutcome.Done;
        });

    /// <summary>Sends the confirmation again with a fresh manage link (earlier links stop working).</summary>
    public Task<AttendeeActionOutcome> ResendConfirmationAsync(int registrationId, string organiser) =>
        ChangeAsync(registrationId, organiser, "resend confirmation", (db, registration, now) =>
        {
            if (!registration.IsActive)
            {
                return Task.FromResult(AttendeeActionOutcome.NothingToDo);
            }

            var kind = registration.Status == RegistrationStatus.Confirmed ? MessageKind.RegistrationConfirmed : MessageKind.Waitlisted;
            db.Outbox.Add(OutboxMessage.For(registration, kind, now, manageLinks.Protect(registration.RenewManageToken())));
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
        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = await change(db, registration, now);
        if (outcome == AttendeeActionOutcome.Done)
        {
            db.Audit.Add(AuditEntry.Record(now, organiser, action, registration.EventId, $"{registration.Name} <{registration.Email}>"));
            await db.SaveChangesAsync();
            await write.CommitAsync(CancellationToken.None);
        }

        return outcome;
    }
}
