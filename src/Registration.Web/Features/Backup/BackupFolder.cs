using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Backup;

/// <summary>
/// What a backup folder holds: the database (<c>registration.db</c>), the data-protection keys
/// (<c>keys/</c>) and the key files at the top of the data folder (<c>*.key</c>, such as the check-in key),
/// each copied 0600 into a folder 0700, and last <c>backup.json</c>, which lists them with their sizes and
/// SHA-256. Written last, the list is what makes a folder a backup: one interrupted part-way has none, and
/// restore refuses it.
/// </summary>
internal static class BackupFolder
{
    public const string ManifestName = "backup.json";
    public const string DatabaseName = "registration.db";
    public const string KeysFolder = "keys";
    public const string KeyFileExtension = ".key";

    /// <summary>What <c>backup.json</c> says it is, so that restore knows the list is one it can read.</summary>
    public const string Format = "registration-backup/1";

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static bool IsEmpty(string folder) => !Directory.EnumerateFileSystemEntries(folder).Any();

    public static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, DataDirectory.FolderMode);
        }
    }

    /// <summary>The keys a backup takes from the data folder, relative to it: every file in <c>keys/</c> and every <c>*.key</c> beside the database.</summary>
    public static IReadOnlyList<string> KeyFiles(string dataDirectory)
    {
        var keys = Path.Combine(dataDirectory, KeysFolder);
        var dataProtection = Directory.Exists(keys)
            ? Directory.EnumerateFiles(keys).Select(f => $"{KeysFolder}/{Path.GetFileName(f)}")
            : [];
        var keyFiles = Directory.EnumerateFiles(dataDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.EndsWith(KeyFileExtension, StringComparison.Ordinal));
        return [.. dataProtection.Order(StringComparer.Ordinal), .. keyFiles.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Whether a path listed in a backup is one a backup writes: the database, a file directly in
    /// <c>keys/</c>, or a <c>*.key</c> file. Restore writes only such paths, so a list that was edited cannot
    /// make it write anywhere else.
    /// </summary>
    public static bool IsBackupPath(string path) =>
        path == DatabaseName
        || (path.Split('/') is [KeysFolder, var name] && IsPlainName(name))
        || (IsPlainName(path) && path.EndsWith(KeyFileExtension, StringComparison.Ordinal));

    /// <summary>Copies a file that may be in use (the app may be writing a new key meanwhile) to a new file, 0600; never over an existing one.</summary>
    public static async Task<BackupFile> CopyAsync(string from, string to, string path)
    {
        await using var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        await using var output = new FileStream(to, NewPrivateFile());
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read));
        }

        await output.FlushAsync();
        output.Flush(flushToDisk: true);
        return new BackupFile(path, output.Length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public static async Task<BackupFile> DescribeAsync(string file, string path)
    {
        await using var input = File.OpenRead(file);
        return new BackupFile(path, input.Length, Convert.ToHexStringLower(await SHA256.HashDataAsync(input)));
    }

    public static void MakePrivate(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, PrivateFile);
        }
    }

    /// <summary>Writes the list under another name and then moves it into place, so a list is there only when complete.</summary>
    public static async Task WriteManifestAsync(string folder, BackupManifest manifest)
    {
        var path = Path.Combine(folder, ManifestName);
        var temporary = path + ".tmp";
        await using (var output = new FileStream(temporary, NewPrivateFile()))
        {
            await JsonSerializer.SerializeAsync(output, manifest, Json);
            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
    }

    /// <summary>The backup's list, or why the folder is not a backup.</summary>
    public static async Task<(BackupManifest? Manifest, string? Problem)> ReadManifestAsync(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return (null, "there is no such folder");
        }

        var path = Path.Combine(folder, ManifestName);
        if (!File.Exists(path))
        {
            return (null, $"it has no {ManifestName} (the list a finished backup writes last)");
        }

        BackupManifest? manifest;
        try
        {
            await using var input = File.OpenRead(path);
            manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(input, Json);
        }
        catch (JsonException)
        {
            manifest = null;
        }

        if (manifest is not { Format: Format } || manifest.Files is null)
        {
            return (null, $"its {ManifestName} is not one that backup writes");
        }

        if (manifest.Files.FirstOrDefault(f => !IsBackupPath(f.Path)) is { } stray)
        {
            return (null, $"its {ManifestName} lists '{stray.Path}', which no backup holds");
        }

        if (!manifest.Files.Any(f => f.Path == DatabaseName))
        {
            return (null, $"its {ManifestName} lists no {DatabaseName}");
        }

        foreach (var file in manifest.Files)
        {
            var copy = Path.Combine(folder, file.Path);
            if (!File.Exists(copy))
            {
                return (null, $"{file.Path} is missing");
            }

            // A backup writes plain files only: a link (to /etc/passwd, or a live database) would be followed
            // and its target restored under the backup's name.
            if (new FileInfo(copy).LinkTarget is not null || new FileInfo(copy).Directory is { } parent && HasLinkBetween(folder, parent))
            {
                return (null, $"{file.Path} is a symbolic link, which no backup holds");
            }

            if (await DescribeAsync(copy, file.Path) != file)
            {
                return (null, $"{file.Path} is not the file the backup wrote (its size or SHA-256 differs)");
            }
        }

        return (manifest, null);
    }

    private static bool HasLinkBetween(string folder, DirectoryInfo directory)
    {
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        for (var current = directory; current is not null && current.FullName.TrimEnd(Path.DirectorySeparatorChar) != root; current = current.Parent)
        {
            if (current.LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>SQLite's own check of the whole file, and what it holds; opened read-only, so the check changes nothing.</summary>
    public static async Task<DatabaseCheck> CheckAsync(string database)
    {
        try
        {
            return await CheckOpenedAsync(database);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            // Damage bad enough that SQLite stops reading before the check can list it.
            return new DatabaseCheck([e.Message], 0, 0);
        }
    }

    private static async Task<DatabaseCheck> CheckOpenedAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        var integrity = new List<string>();
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            await using var rows = await check.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                integrity.Add(rows.GetString(0));
            }
        }

        if (integrity is not ["ok"])
        {
            return new DatabaseCheck(integrity, 0, 0);
        }

        return new DatabaseCheck(integrity, await CountAsync(connection, "Registrations"), await CountAsync(connection, "Events"));
    }

    public static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    private static async Task<int> CountAsync(SqliteConnection connection, string table)
    {
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt32(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\']) < 0;

    private static FileStreamOptions NewPrivateFile()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        return options;
    }
}

/// <summary>The list <c>backup.json</c> holds: when the snapshot was taken, of which data folder, what it held, and every file.</summary>
internal sealed record BackupManifest(string Format, DateTimeOffset TakenUtc, string DataDirectory, int Registrations, int Events, IReadOnlyList<BackupFile> Files);

internal sealed record BackupFile(string Path, long Bytes, string Sha256);

internal sealed record DatabaseCheck(IReadOnlyList<string> Integrity, int Registrations, int Events)
{
    public bool Passed => Integrity is ["ok"];

    public string Summary => Passed
        ? $"{Registrations} registrations in {Events} events; integrity check: ok"
        : $"integrity check FAILED: {string.Join("; ", Integrity.Take(10))}";
}
