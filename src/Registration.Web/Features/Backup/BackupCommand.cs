using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Backup;

/// <summary>
/// <c>backup DIR</c>: a consistent copy of the live database, taken while the app runs, with the keys that
/// read what it protects, into a new folder (<see cref="BackupFolder"/>). Exit code 1 when there is nothing
/// to back up, DIR already holds something, or the copy fails SQLite's integrity check.
/// </summary>
internal static class BackupCommand
{
    public const string Summary = "copy the database and its keys into DIR, a new folder, while the app runs";

    public const string Usage = """
        usage: backup DIR

        Copies the database (a consistent snapshot, taken while the app runs), the data-protection keys
        (keys/) and the key files (*.key) of the data folder into DIR, which must be new or empty; DIR is
        created 0700. Checks the copy with PRAGMA integrity_check and writes DIR/backup.json, listing each
        file with its size and SHA-256. The mail folder (the emails already sent) is not copied.
        Run it as the app's user, with the app's settings; restore DIR puts a backup back.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args is not [var target] || string.IsNullOrWhiteSpace(target) || target.StartsWith('-'))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        var builder = RegistrationApp.CreateBuilder([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<RegistrationOptions>>().Value;
        var dataDirectory = options.ResolveDataDirectory();
        var database = options.DatabasePath;
        target = Path.GetFullPath(target);
        if (!File.Exists(database))
        {
            await output.WriteLineAsync($"There is no database at {database}, so nothing to back up. Run backup with the app's settings (Registration:DataDirectory).");
            return 1;
        }

        if (target == dataDirectory || target.StartsWith(dataDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            await output.WriteLineAsync($"{target} is inside the data folder {dataDirectory}: a backup belongs elsewhere, where it outlives the data folder.");
            return 1;
        }

        if (File.Exists(target) || (Directory.Exists(target) && !BackupFolder.IsEmpty(target)))
        {
            var holds = File.Exists(Path.Combine(target, BackupFolder.ManifestName)) ? "already holds a backup" : "is not an empty folder";
            await output.WriteLineAsync($"{target} {holds}: backup writes only into a new or empty folder, so that no backup is mixed with another. Name a new one, such as /var/backups/registration/$(date +%F-%H%M).");
            return 1;
        }

        // The data folder's own preparation: the process's umask becomes 077, so SQLite's copy is 0600 from the start.
        _ = host.Services.GetRequiredService<DataDirectory>().Path;
        try
        {
            return await BackUpAsync(host.Services, database, dataDirectory, target, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            await output.WriteLineAsync($"The backup failed: {e.Message}" +
                (Directory.Exists(target) ? $" What it wrote to {target} is not a backup (it has no {BackupFolder.ManifestName}): remove it before trying again." : string.Empty));
            return 1;
        }
    }

    private static async Task<int> BackUpAsync(IServiceProvider services, string database, string dataDirectory, string target, TextWriter output)
    {
        BackupFolder.CreatePrivateFolder(target);
        var copy = Path.Combine(target, BackupFolder.DatabaseName);
        var takenUtc = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await SnapshotAsync(database, copy);
        BackupFolder.MakePrivate(copy);
        var check = await BackupFolder.CheckAsync(copy);
        var files = new List<BackupFile> { await BackupFolder.DescribeAsync(copy, BackupFolder.DatabaseName) };
        await output.WriteLineAsync($"database  {BackupFolder.DatabaseName}  {BackupFolder.Bytes(files[0].Bytes)}, a snapshot of {database} at {takenUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
        await output.WriteLineAsync($"          {check.Summary}");
        if (!check.Passed)
        {
            await output.WriteLineAsync($"No backup was written: {target} holds a copy that failed the check, and no {BackupFolder.ManifestName}. Check the live database (sqlite3 {database} 'PRAGMA integrity_check').");
            return 1;
        }

        // The keys are copied after the snapshot: a key is written before anything is protected with it, so
        // every key the snapshot's data needs is already there. One made since is copied too, and harmless.
        var keys = BackupFolder.KeyFiles(dataDirectory);
        foreach (var key in keys)
        {
            if (key.StartsWith(BackupFolder.KeysFolder + "/", StringComparison.Ordinal))
            {
                BackupFolder.CreatePrivateFolder(Path.Combine(target, BackupFolder.KeysFolder));
            }

            files.Add(await BackupFolder.CopyAsync(Path.Combine(dataDirectory, key), Path.Combine(target, key), key));
        }

        await BackupFolder.WriteManifestAsync(target, new BackupManifest(BackupFolder.Format, takenUtc, dataDirectory, check.Registrations, check.Events, files));
        await output.WriteLineAsync(KeysLine(keys));
        await output.WriteLineAsync("not kept  mail/: the emails already sent are not part of a backup");
        await output.WriteLineAsync($"backup written to {target} ({BackupFolder.ManifestName} lists each file, its size and SHA-256)");
        return 0;
    }

    internal static string KeysLine(IReadOnlyList<string> keys)
    {
        var dataProtection = keys.Count(k => k.StartsWith(BackupFolder.KeysFolder + "/", StringComparison.Ordinal));
        var keyFiles = keys.Where(k => !k.StartsWith(BackupFolder.KeysFolder + "/", StringComparison.Ordinal)).ToList();
        return $"keys      {dataProtection} data-protection {(dataProtection == 1 ? "key" : "keys")} ({BackupFolder.KeysFolder}/); " +
            (keyFiles.Count == 0 ? "no key files" : $"key files: {string.Join(", ", keyFiles)}");
    }

    /// <summary>
    /// <c>VACUUM INTO</c> rather than the online backup API: one statement in one read transaction, so the
    /// copy is the database as of the last commit before it began, while in WAL mode the app's sign-ups carry
    /// on writing meanwhile; from a read-only connection, so the backup cannot change the live database; into
    /// a file that must not exist yet, so it never overwrites one; and the copy is rebuilt compact, one file
    /// with no -wal beside it once its journal mode is set back to the default.
    /// </summary>
    private static async Task SnapshotAsync(string database, string copy)
    {
        await using (var live = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString()))
        {
            await live.OpenAsync();
            await using var vacuum = live.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $copy";
            vacuum.Parameters.AddWithValue("$copy", copy);
            await vacuum.ExecuteNonQueryAsync();
        }

        await using var written = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        await written.OpenAsync();
        await using var journal = written.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode=DELETE";
        await journal.ExecuteNonQueryAsync();
    }
}
