using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Registration.Web.Data;

/// <summary>
/// The write transaction in which an event's places are counted and taken. Every change to who holds a
/// place goes through it, so two sign-ups for the last place are decided one after the other.
/// </summary>
internal sealed class EventWriteLock : IAsyncDisposable
{
    /// <summary>
    /// How long a write waits for the database before it gives up. Someone is usually waiting for the
    /// answer; past this they are told that nothing was saved, so the write must not go ahead later either.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// SQLite has one writer at a time. Writers that find it busy are retried by the driver only after a
    /// 150 ms sleep, so under a rush they queue here instead, in order and without sleeping.
    /// </summary>
    private static readonly SemaphoreSlim SqliteWriter = new(1, 1);

    private readonly IDbContextTransaction _transaction;

    private EventWriteLock(IDbContextTransaction transaction) => _transaction = transaction;

    public static Task<EventWriteLock> BeginAsync(RegistrationDbContext db, int eventId, CancellationToken cancellationToken) =>
        BeginAsync(db, eventId, Timeout, cancellationToken);

    /// <param name="eventId">The event being written, named in the message if the write gives up.</param>
    /// <param name="timeout">One deadline for both the queue here and SQLite's wait for another process's lock.</param>
    /// <exception cref="DatabaseBusyException">The database was not free in time; nothing was written.</exception>
    public static async Task<EventWriteLock> BeginAsync(RegistrationDbContext db, int? eventId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        if (!await SqliteWriter.WaitAsync(timeout, cancellationToken))
        {
            throw Busy(eventId, timeout, innerException: null);
        }

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var usualBusyWait = connection.DefaultTimeout;
        try
        {
            // Microsoft.Data.Sqlite retries a busy BEGIN until the connection's DefaultTimeout, in whole
            // seconds, where 0 means for ever: rounding what is left up, to at least a second, gives up at
            // most a second after the deadline and never waits unbounded.
            connection.DefaultTimeout = Math.Max(1, (int)Math.Ceiling((timeout - waiting.Elapsed).TotalSeconds));

            // BEGIN IMMEDIATE: the transaction holds the database's write lock from its first statement,
            // so the count it reads cannot change before it commits, even from another process.
            return new EventWriteLock(await db.Database.BeginTransactionAsync(cancellationToken));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_BUSY)
        {
            SqliteWriter.Release();
            throw Busy(eventId, timeout, ex);
        }
        catch
        {
            SqliteWriter.Release();
            throw;
        }
        finally
        {
            // The connection is reused by the next lease of this pooled context, whose other commands keep
            // the usual wait.
            connection.DefaultTimeout = usualBusyWait;
        }
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
            SqliteWriter.Release();
        }
    }

    private static DatabaseBusyException Busy(int? eventId, TimeSpan timeout, Exception? innerException) =>
        new(
            $"Gave up a write{(eventId is null ? string.Empty : $" for event {eventId}")} after {timeout.TotalSeconds:0.#} s: another writer held the database. Nothing was written.",
            innerException);
}
