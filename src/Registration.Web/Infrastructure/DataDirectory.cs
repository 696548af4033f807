using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace Registration.Web.Infrastructure;

/// <summary>
/// The data folder holds the database, the data-protection keys, the check-in key and (in pickup mode)
/// every email sent: personal data and secrets, for the app's own user only. On first use it sets the
/// process's umask to 077, creates the folder 0700 and tightens whatever an older version or a copy left
/// open to others. Everything that writes there asks this class for the folder first.
/// </summary>
public sealed partial class DataDirectory
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode OpenToOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly Lazy<string> _path;
    private readonly ILogger<DataDirectory> _logger;

    public DataDirectory(IOptions<RegistrationOptions> options, ILogger<DataDirectory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _path = new Lazy<string>(() => Prepare(options.Value.ResolveDataDirectory()));
    }

    /// <summary>The folder, created and made private on first use.</summary>
    public string Path => _path.Value;

    /// <summary>A folder inside the data folder (keys, mail), created 0700.</summary>
    public string Subfolder(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        CreatePrivate(path);
        return path;
    }

    private string Prepare(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        // SQLite (the database and its -wal and -shm files), the data-protection key files and
        // System.Net.Mail's pickup folder all create files with the process's umask and offer no mode of
        // their own; 077 makes each of them 0600 from the moment it exists.
        _ = Umask(0b_000_111_111); // octal 077
        if (!Directory.Exists(path))
        {
            CreatePrivate(path);
            return path;
        }

        var tightened = Tighten(new DirectoryInfo(path));
        if (tightened > 0)
        {
            LogTightened(tightened, path);
        }

        return path;
    }

    private static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, FolderMode);
        }
    }

    /// <summary>Takes every permission for group and others off the folder and what it holds; symbolic links are left alone.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static int Tighten(DirectoryInfo folder)
    {
        var count = TightenOne(folder);
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            count += entry is DirectoryInfo subfolder ? Tighten(subfolder) : TightenOne(entry);
        }

        return count;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static int TightenOne(FileSystemInfo entry)
    {
        var mode = entry.UnixFileMode;
        if ((mode & OpenToOthers) == 0)
        {
            return 0;
        }

        entry.UnixFileMode = mode & ~OpenToOthers;
        return 1;
    }

    // DllImport rather than LibraryImport: the generator needs unsafe code switched on for the whole
    // project, and umask takes and returns a plain int, which needs no marshalling.
    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Umask(int mask);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Made {Count} files and folders in the data folder {Path} private to this user: they were open to others")]
    private partial void LogTightened(int count, string path);
}
