using System.Collections.Concurrent;
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
    /// SQLite has one writer at a time per database file. Writers that find it busy are retried by the
    /// driver only after a 150 ms sleep, so under a rush they queue here instead, in order and without
    /// sleeping. One queue per file: apps on different files in one process (tests) must not wait for
    /// each other, nor give up because of each other.
    /// </summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Writers = new(StringComparer.Ordinal);

    private readonly IDbContextTransaction _transaction;
    private readonly SemaphoreSlim _writer;

    private EventWriteLock(IDbContextTransaction transaction, SemaphoreSlim writer)
    {
        _transaction = transaction;
        _writer = writer;
    }

    public static Task<EventWriteLock> BeginAsync(RegistrationDbContext db, int eventId, CancellationToken cancellationToken) =>
        BeginAsync(db, eventId, Timeout, cancellationToken);

    /// <param name="eventId">The event being written, named in the message if the write gives up.</param>
    /// <param name="timeout">One deadline for both the queue here and SQLite's wait for another process's lock.</param>
    /// <exception cref="DatabaseBusyException">The database was not free in time; nothing was written.</exception>
    public static async Task<EventWriteLock> BeginAsync(RegistrationDbContext db, int? eventId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var writer = WriterFor(db);
        if (!await writer.WaitAsync(timeout, cancellationToken))
        {
            throw Busy(eventId, timeout, innerException: null);
        }

        var usualBusyWait = connection.DefaultTimeout;
        try
        {
            // Microsoft.Data.Sqlite retries a busy BEGIN until the connection's DefaultTimeout, in whole
            // seconds, where 0 means for ever: rounding what is left up, to at least a second, gives up at
            // most a second after the deadline and never waits unbounded.
            connection.DefaultTimeout = Math.Max(1, (int)Math.Ceiling((timeout - waiting.Elapsed).TotalSeconds));

            // BEGIN IMMEDIATE: the transaction holds the database's write lock from its first statement,
            // so the count it reads cannot change before it commits, even from another process.
            return new EventWriteLock(await db.Database.BeginTransactionAsync(cancellationToken), writer);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_BUSY)
        {
            writer.Release();
            throw Busy(eventId, timeout, ex);
        }
        catch
        {
            writer.Release();
            throw;
        }
        finally
        {
            // The connection is reused by the next lease of this pooled context, whose other commands keep
            // the usual wait.
            connection.DefaultTimeout = usualBusyWait;
        }
    }

    /// <summary>
    /// The queue of writers to <paramref name="db"/>'s file, for writes that are not transactions of their
    /// own (the outbox dispatcher's claims and records) to wait their turn beside these.
    /// </summary>
    public static SemaphoreSlim WriterFor(RegistrationDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);

        // Keyed by the connection string, which names the file and, unlike DataSource, reads the same
        // whether the connection is open or not.
        return Writers.GetOrAdd(db.Database.GetDbConnection().ConnectionString, _ => new SemaphoreSlim(1, 1));
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
            _writer.Release();
        }
    }

    private static DatabaseBusyException Busy(int? eventId, TimeSpan timeout, Exception? innerException) =>
        new(
            $"Gave up a write{(eventId is null ? string.Empty : $" for event {eventId}")} after {timeout.TotalSeconds:0.#} s: another writer held the database. Nothing was written.",
            innerException);
}
