using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Registration.Web.Data;

internal static class SqliteDatabase
{
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        // Writes retry for a while instead of failing at once with "database is locked". EventWriteLock
        // shortens this for its BEGIN, where a visitor is waiting (see EventWriteLock.Timeout).
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>
    /// Brings the schema up to date and switches to write-ahead logging, which lets pages read while a
    /// sign-up writes. WAL is a property of the file, so setting it once is enough.
    /// </summary>
    public static async Task PrepareAsync(RegistrationDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>
    /// Copies the write-ahead log into the database and empties it, so the pages as they were before the
    /// last writes (personal data just removed, say) are no longer in it. Returns false when a reader still
    /// using an older snapshot kept it from emptying (SQLite answers "busy" rather than waiting).
    /// </summary>
    public static async Task<bool> EmptyLogAsync(RegistrationDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);

            // One row: busy (1 when it could not finish), pages in the log, pages copied.
            return await reader.ReadAsync(cancellationToken) && reader.GetInt32(0) == 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
