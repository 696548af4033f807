using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Registration.Web.Data;

/// <summary>
/// Turns on SQLite's <c>secure_delete</c> for every connection the app opens: what a write removes or
/// replaces (an erased name, an emptied email body) is overwritten with zeros in the page, not left in its
/// free space, so removing personal data removes its bytes. The setting belongs to the connection and
/// Microsoft.Data.Sqlite pools connections, so it is set once per pooled connection, found by its handle.
/// The write-ahead log still holds the pages as they were until it is emptied (<see cref="SqliteDatabase.EmptyLogAsync"/>).
/// </summary>
internal sealed class SecureDelete : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<sqlite3, object> _set = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NotSetYet(connection) is { } handle)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA secure_delete = ON;";
            command.ExecuteNonQuery();
            _set.AddOrUpdate(handle, this);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NotSetYet(connection) is { } handle)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA secure_delete = ON;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            _set.AddOrUpdate(handle, this);
        }
    }

    private sqlite3? NotSetYet(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && !_set.TryGetValue(handle, out _) ? handle : null;
}
