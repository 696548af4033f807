using System.Globalization;
using Microsoft.Extensions.Options;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Backup;

/// <summary>
/// <c>restore DIR</c>: fills an empty (or missing) data folder from a backup made by <see cref="BackupCommand"/>.
/// It never writes into a data folder that holds anything, so a mistaken restore cannot overwrite live data;
/// and it checks the backup's list, every file's SHA-256 and the restored database before saying it is done.
/// </summary>
internal static class RestoreCommand
{
    public const string Summary = "fill an empty data folder from DIR, a backup made by backup";

    public const string Usage = """
        usage: restore DIR

        Fills the data folder (Registration:DataDirectory), which must be empty or missing, from DIR, a
        backup made by backup: the database, the data-protection keys and the key files, each checked
        against DIR/backup.json; then checks the restored database with PRAGMA integrity_check. A data
        folder that holds anything is refused, so nothing is overwritten: stop the app, move the folder
        aside, restore, then start the app. Run it as the app's user, with the app's settings.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args is not [var source] || string.IsNullOrWhiteSpace(source) || source.StartsWith('-'))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        source = Path.GetFullPath(source);
        BackupManifest? manifest;
        string? problem;
        try
        {
            (manifest, problem) = await BackupFolder.ReadManifestAsync(source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            (manifest, problem) = (null, e.Message);
        }

        if (manifest is null)
        {
            await output.WriteLineAsync($"{source} is not a backup made by backup: {problem}. Nothing was restored.");
            return 1;
        }

        var builder = RegistrationApp.CreateBuilder([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        var dataDirectory = host.Services.GetRequiredService<IOptions<RegistrationOptions>>().Value.ResolveDataDirectory();
        if (File.Exists(dataDirectory) || (Directory.Exists(dataDirectory) && !BackupFolder.IsEmpty(dataDirectory)))
        {
            var holds = File.Exists(dataDirectory)
                ? "is a file"
                : $"is not empty (it holds {string.Join(", ", Directory.EnumerateFileSystemEntries(dataDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(5))})";
            await output.WriteLineAsync(
                $"The data folder {dataDirectory} {holds}: restore fills only an empty or missing data folder, so that nothing is overwritten. " +
                $"Stop the app, move the folder aside (mv {dataDirectory} {dataDirectory}.old), run restore again, then start the app.");
            return 1;
        }

        try
        {
            return await RestoreAsync(host.Services.GetRequiredService<DataDirectory>(), dataDirectory, source, manifest, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            await output.WriteLineAsync($"The restore failed: {e.Message}" +
                (Directory.Exists(dataDirectory) && !BackupFolder.IsEmpty(dataDirectory) ? $" Empty {dataDirectory} before trying again." : string.Empty));
            return 1;
        }
    }

    private static async Task<int> RestoreAsync(DataDirectory folder, string dataDirectory, string source, BackupManifest manifest, TextWriter output)
    {
        // Created 0700 (or made private if it exists) with the process's umask 077, as the app itself does.
        _ = folder.Path;
        foreach (var file in manifest.Files)
        {
            if (file.Path.StartsWith(BackupFolder.KeysFolder + "/", StringComparison.Ordinal))
            {
                _ = folder.Subfolder(BackupFolder.KeysFolder);
            }

            var restored = await BackupFolder.CopyAsync(Path.Combine(source, file.Path), Path.Combine(dataDirectory, file.Path), file.Path);
            if (restored != file)
            {
                await output.WriteLineAsync($"{file.Path} changed while it was being restored (its SHA-256 differs from {BackupFolder.ManifestName}). Empty {dataDirectory} and run restore again.");
                return 1;
            }
        }

        var database = Path.Combine(dataDirectory, BackupFolder.DatabaseName);
        var check = await BackupFolder.CheckAsync(database);
        await output.WriteLineAsync($"database  {BackupFolder.DatabaseName}  {BackupFolder.Bytes(new FileInfo(database).Length)}, the snapshot of {manifest.DataDirectory} at {manifest.TakenUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
        await output.WriteLineAsync($"          {check.Summary}");
        if (!check.Passed)
        {
            await output.WriteLineAsync($"The restored database fails SQLite's integrity check: do not start the app on it. Empty {dataDirectory} and restore an earlier backup.");
            return 1;
        }

        await output.WriteLineAsync(BackupCommand.KeysLine([.. manifest.Files.Select(f => f.Path).Where(p => p != BackupFolder.DatabaseName)]));
        await output.WriteLineAsync("not kept  mail/: a backup holds no emails sent before it");
        await output.WriteLineAsync($"restored into {dataDirectory}; start the app");

        // Erasures are kept only as hashes, so the app cannot repeat them: the administrator must.
        await output.WriteLineAsync("note      anyone erased since this backup was taken is back in it: run privacy erase EMAIL again for each erasure made since then");
        return 0;
    }
}
