using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Registration.Web.Data;

/// <summary>
/// The write transaction in which an event's places are counted and taken. Every change to who holds a
/// place goes through it, so two sign-ups for the last place are decided one after the other.
/// </summary>
internal static class EventWriteLock
{
    public static async Task<IDbContextTransaction> BeginAsync(RegistrationDbContext db, int eventId, CancellationToken cancellationToken)
    {
        // On SQLite this is BEGIN IMMEDIATE: the transaction holds the database's one write lock from its
        // first statement, so the count it reads cannot change before it commits.
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!db.Database.IsSqlite())
        {
            // A server database lets writers run side by side; locking the event's row serialises sign-ups
            // for that event only.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Events\" WHERE \"Id\" = {eventId} FOR UPDATE", cancellationToken);
        }

        return transaction;
    }
}
