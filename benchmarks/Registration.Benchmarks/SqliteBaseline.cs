using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Registration.Benchmarks;

/// <summary>
/// The baseline for the sign-up benchmark: how many single-row write transactions SQLite itself commits
/// per second on this machine, with the app's driver and settings (WAL, default synchronous, pooled
/// connections, BEGIN IMMEDIATE), one writer at a time as SQLite allows.
/// </summary>
internal static class SqliteBaseline
{
    public static int Run(string[] args)
    {
        var path = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), $"sqlite-baseline-{Guid.NewGuid():N}.db");
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();

        using (var setup = new SqliteConnection(connectionString))
        {
            setup.Open();
            Execute(setup, "PRAGMA journal_mode=WAL;");
            Execute(setup, "CREATE TABLE IF NOT EXISTS Rows (Id INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT NOT NULL, Email TEXT NOT NULL, CreatedAtUtc TEXT NOT NULL);");
        }

        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var started = clock.Elapsed;
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO Rows (Name, Email, CreatedAtUtc) VALUES ($name, $email, $at);";
            insert.Parameters.AddWithValue("$name", "Person " + count.ToString(CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$email", $"person{count}@example.org");
            insert.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            insert.ExecuteNonQuery();
            transaction.Commit();
            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            count++;
        }

        latencies.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"sqlite single-row transactions: {count / clock.Elapsed.TotalSeconds:F0}/s over {clock.Elapsed.TotalSeconds:F1}s; p50 {Percentile(latencies, 0.50):F3} ms, p95 {Percentile(latencies, 0.95):F3} ms, p99 {Percentile(latencies, 0.99):F3} ms"));
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
