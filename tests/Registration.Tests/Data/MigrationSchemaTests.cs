using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Data;

namespace Registration.Tests.Data;

/// <summary>The hand-written migrations must build exactly the database the model describes.</summary>
public sealed class MigrationSchemaTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Migrated_database_has_the_same_schema_as_one_built_from_the_model()
    {
        var migrated = Path.Combine(_folder.Path, "migrated.db");
        var created = Path.Combine(_folder.Path, "created.db");
        await using (var db = Open(migrated))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = Open(created))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = Describe(created);
        var actual = Describe(migrated);
        Assert.Contains("table Events", expected, StringComparison.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task The_database_uses_write_ahead_logging()
    {
        var path = Path.Combine(_folder.Path, "wal.db");
        await using (var db = Open(path))
        {
            await SqliteDatabase.PrepareAsync(db, CancellationToken.None);
        }

        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    private static RegistrationDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<RegistrationDbContext>().UseSqlite($"Data Source={path}").Options);

    /// <summary>Tables, columns, indexes and foreign keys as SQLite reports them, ignoring EF's own history and lock tables.</summary>
    private static string Describe(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var lines = new List<string>();
        foreach (var table in Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock') ORDER BY name"))
        {
            lines.Add($"table {table[0]}");
            lines.AddRange(Query(connection, $"PRAGMA table_info('{table[0]}')").OrderBy(c => c[1]).Select(c => $"  column {c[1]} {c[2]} notnull={c[3]} default={c[4]} pk={c[5]}"));
            foreach (var index in Query(connection, $"PRAGMA index_list('{table[0]}')").OrderBy(i => i[1]))
            {
                var columns = string.Join(",", Query(connection, $"PRAGMA index_info('{index[1]}')").Select(c => c[2]));
                var sql = Query(connection, $"SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '{index[1]}'").SingleOrDefault()?[0];
                lines.Add($"  index {index[1]} unique={index[2]} origin={index[3]} partial={index[4]} ({columns}) {sql}");
            }

            lines.AddRange(Query(connection, $"PRAGMA foreign_key_list('{table[0]}')").Select(f => $"  fk {f[3]} -> {f[2]}.{f[4]} on delete {f[6]}").Order());
        }

        return string.Join('\n', lines);
    }

    private static List<string[]> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            rows.Add(row);
        }

        return rows;
    }
}
