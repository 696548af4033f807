using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Registration.Web.Data;

/// <summary>
/// The write transaction in which an event's places are counted and taken. Every change to who holds a
/// place goes through it, so two sign-ups for the last place are decided one after the other.
/// </summary>
internal sealed class EventWriteLock : IAsyncDisposable
{
    /// <summary>
    /// SQLite has one writer at a time. Writers that find it busy are retried by the driver only after a
    /// 150 ms sleep, so under a rush they queue here instead, in order and without sleeping.
    /// </summary>
    private static readonly SemaphoreSlim SqliteWriter = new(1, 1);

    private readonly IDbContextTransaction _transaction;
    private readonly SemaphoreSlim? _gate;

    private EventWriteLock(IDbContextTransaction transaction, SemaphoreSlim? gate)
    {
        _transaction = transaction;
        _gate = gate;
    }

    public static async Task<EventWriteLock> BeginAsync(RegistrationDbContext db, int eventId, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await SqliteWriter.WaitAsync(cancellationToken);
            try
            {
                // BEGIN IMMEDIATE: the transaction holds the database's write lock from its first statement,
                // so the count it reads cannot change before it commits, even from another process.
                return new EventWriteLock(await db.Database.BeginTransactionAsync(cancellationToken), SqliteWriter);
            }
            catch
            {
                SqliteWriter.Release();
                throw;
            }
        }

        // A server database lets writers run side by side; locking the event's row serialises sign-ups
        // for that event only.
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Events\" WHERE \"Id\" = {eventId} FOR UPDATE", cancellationToken);
        return new EventWriteLock(transaction, gate: null);
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync();
        }
        finally
        {
            _gate?.Release();
        }
    }
}
