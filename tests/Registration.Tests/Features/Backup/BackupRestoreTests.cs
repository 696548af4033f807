using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Registration.Tests.Features.Attendees;
using Registration.Tests.Support;
using Registration.Web.Data;

namespace Registration.Tests.Features.Backup;

/// <summary>
/// <c>backup</c> and <c>restore</c> as an administrator runs them: the app's own binary, serving real sign-ups
/// over HTTP on a real port while the backup runs beside it on the same data folder.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BackupRestoreTests : IDisposable
{
    private const string Slug = "backup-load";
    private const string KeysSlug = "backup-keys";

    // The modes the data folder keeps (see DataDirectory): for the app's user only.
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Registration:PublicBaseUrl"] = "https://events.example.org",
        ["Registration:SeedSampleData"] = "false",
        ["RateLimits:Enabled"] = "false",
        ["Email:PollSeconds"] = "1",
    };

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_backup_taken_during_sign_ups_restores_every_earlier_registration_and_the_app_runs_on_it_with_its_keys()
    {
        await using var server = await AppServer.StartAsync(Settings);
        var events = Factory(Path.Combine(server.DataDirectory, "registration.db"));
        await TestEvents.AddAsync(events, Slug, capacity: null, DateTime.Today.AddDays(30).AddHours(10));
        await TestEvents.AddAsync(events, KeysSlug, capacity: 1, DateTime.Today.AddDays(30).AddHours(10));
        var (added, addOutput) = await AppProcess.RunAsync(server.Folder, OrganiserClient.Password + "\n", "organiser", "add", "organiser@example.org");
        Assert.True(added == 0, addOutput);

        // Protected with the data-protection keys: the organiser's sign-in cookie, and the check-in key
        // (check-in.key) that made the hash of Bob's code when he joined the waiting list.
        var organiserCookie = await SignInAsync(server.BaseAddress);
        using (var signUps = ClientWithCookies(server.BaseAddress))
        {
            var signUp = new SignUpClient(signUps);
            Assert.Equal("confirmed", SignUpClient.Status(await signUp.PostAsync(KeysSlug, SignUpClient.Fields("Ada Lovelace", "ada@example.org"))));
            Assert.Equal("waitlisted", SignUpClient.Status(await signUp.PostAsync(KeysSlug, SignUpClient.Fields("Bob Bobbins", "bob@example.org"))));
        }

        var adaToken = await server.Mail.ManageTokenForAsync("ada@example.org");

        // Sign-ups from several clients at once, each noting when the app confirmed it, until stopped.
        var confirmed = new ConcurrentQueue<(string Email, long At)>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            using var client = ClientWithCookies(server.BaseAddress);
            var signUp = new SignUpClient(client);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var email = $"load-{worker}-{i}@example.org";
                if (SignUpClient.Status(await signUp.PostAsync(Slug, SignUpClient.Fields($"Load {worker} {i}", email))) == "confirmed")
                {
                    confirmed.Enqueue((email, Stopwatch.GetTimestamp()));
                }
            }
        })).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(confirmed.Count >= 30), TimeSpan.FromSeconds(60));

        var backupFolder = Path.Combine(_folder.Path, "backups", "nightly");
        var backupStarted = Stopwatch.GetTimestamp();
        var (backedUp, backupOutput) = await AppProcess.RunAsync(server.Folder, null, "backup", backupFolder);
        var backupEnded = Stopwatch.GetTimestamp();
        await Eventually.TrueAsync(() => Task.FromResult(confirmed.Any(c => c.At > backupEnded)), TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.True(backedUp == 0, backupOutput);
        Assert.Contains("integrity check: ok", backupOutput, StringComparison.Ordinal);
        Assert.Contains($"backup written to {backupFolder}", backupOutput, StringComparison.Ordinal);
        Assert.Contains("key files: check-in.key", backupOutput, StringComparison.Ordinal);
        Assert.Contains("not kept  mail/", backupOutput, StringComparison.Ordinal);

        // The app went on confirming sign-ups while the backup ran: it was taken under load.
        Assert.Contains(confirmed, c => c.At > backupStarted && c.At < backupEnded);
        var before = confirmed.Where(c => c.At < backupStarted).Select(c => c.Email).Append("ada@example.org").ToList();

        using var restoredFolder = new TempDirectory();
        var restoredData = Path.Combine(restoredFolder.Path, "data");
        var (restored, restoreOutput) = await AppProcess.RunAsync(restoredFolder.Path, null, "restore", backupFolder);
        Assert.True(restored == 0, restoreOutput);
        Assert.Contains("integrity check: ok", restoreOutput, StringComparison.Ordinal);
        Assert.Contains($"restored into {restoredData}", restoreOutput, StringComparison.Ordinal);
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(restoredData));
        Assert.All(Directory.GetFiles(restoredData, "*", SearchOption.AllDirectories), f => Assert.Equal(PrivateFile, File.GetUnixFileMode(f)));

        // SQLite's own check, and every registration confirmed before the backup began, from the file itself.
        var emails = new HashSet<string>(StringComparer.Ordinal);
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(restoredData, "registration.db")};Mode=ReadOnly;Pooling=False"))
        {
            await db.OpenAsync();
            await using var check = db.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await check.ExecuteScalarAsync());
            await using var read = db.CreateCommand();
            read.CommandText = "SELECT Email FROM Registrations WHERE Status = 'Confirmed'";
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                emails.Add(rows.GetString(0));
            }
        }

        Assert.True(before.Count > 30, $"{before.Count} sign-ups before the backup");
        Assert.DoesNotContain(before, e => !emails.Contains(e));
        Assert.Contains($"{emails.Count + 1} registrations in 2 events", backupOutput, StringComparison.Ordinal);

        // The app starts on the restored folder and serves the event; the cookie the first app issued still
        // signs the organiser in, and Ada's code from the email sent before the backup still finds her.
        await using var after = await AppServer.StartAsync(new Dictionary<string, string>(Settings) { ["Registration:DataDirectory"] = restoredData });
        using var client = after.CreateClient();
        using (var health = await client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var eventPage = await HttpPage.GetAsync(client, $"/events/{Slug}");
        Assert.Equal(HttpStatusCode.OK, eventPage.Status);
        Assert.Contains($"Test event {Slug}", eventPage.Text, StringComparison.Ordinal);

        client.DefaultRequestHeaders.Add("Cookie", organiserCookie);
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(client, "/organiser")).Status);

        // Ada gives up her place with the link emailed before the backup; the restored app promotes Bob and
        // emails him his code, made with the restored check-in key: it opens his check-in, so its hash is the
        // one the first app stored.
        using (var ada = ClientWithCookies(after.BaseAddress))
        {
            var cancelPage = await HttpPage.GetAsync(ada, $"/manage/cancel?token={adaToken}");
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "cancel", ["__RequestVerificationToken"] = cancelPage.AntiforgeryToken });
            using var cancelled = await ada.PostAsync(new Uri($"/manage/cancel?token={adaToken}", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        var bobCode = await CheckInCodeTests.CodeInAsync(new MailDrop(Path.Combine(restoredData, "mail")), "bob@example.org", "A place has come free");
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(client, $"/organiser/check-in/{bobCode}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(client, $"/organiser/check-in/{bobCode[..^1]}{(bobCode[^1] == 'A' ? 'B' : 'A')}")).Status);
    }

    [Fact]
    public async Task Backup_refuses_a_folder_that_holds_anything_and_restore_refuses_a_data_folder_that_does_or_a_folder_that_is_no_backup()
    {
        var (added, addOutput) = await AppProcess.RunAsync(_folder.Path, OrganiserClient.Password + "\n", "organiser", "add", "organiser@example.org");
        Assert.True(added == 0, addOutput);
        var backups = Path.Combine(_folder.Path, "backups");
        var first = Path.Combine(backups, "first");
        Assert.Equal(0, (await AppProcess.RunAsync(_folder.Path, null, "backup", first)).ExitCode);
        var written = Listing(first);

        // A folder that already holds a backup, or anything else, is left as it was.
        var again = await AppProcess.RunAsync(_folder.Path, null, "backup", first);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"{first} already holds a backup: backup writes only into a new or empty folder, so that no backup is mixed with another. Name a new one, such as /var/backups/registration/$(date +%F-%H%M).\n", again.Output);
        Assert.Equal(written, Listing(first));
        var other = Path.Combine(backups, "other");
        Directory.CreateDirectory(other);
        await File.WriteAllTextAsync(Path.Combine(other, "notes.txt"), "mine");
        var notEmpty = await AppProcess.RunAsync(_folder.Path, null, "backup", other);
        Assert.Equal(1, notEmpty.ExitCode);
        Assert.StartsWith($"{other} is not an empty folder: backup writes only into a new or empty folder", notEmpty.Output, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Listing(other));
        var underAFile = await AppProcess.RunAsync(_folder.Path, null, "backup", Path.Combine(other, "notes.txt", "backup"));
        Assert.Equal(1, underAFile.ExitCode);
        Assert.StartsWith("The backup failed: ", underAFile.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", underAFile.Output, StringComparison.Ordinal);

        // An empty folder is fine, and is where the second backup goes.
        var empty = Path.Combine(backups, "empty");
        Directory.CreateDirectory(empty);
        Assert.Equal(0, (await AppProcess.RunAsync(_folder.Path, null, "backup", empty)).ExitCode);

        // Restore into the app's own, non-empty data folder: refused, and the folder is unchanged.
        var data = Path.Combine(_folder.Path, "data");
        var liveDatabase = await File.ReadAllBytesAsync(Path.Combine(data, "registration.db"));
        var onLive = await AppProcess.RunAsync(_folder.Path, null, "restore", first);
        Assert.Equal(1, onLive.ExitCode);
        Assert.StartsWith($"The data folder {data} is not empty (it holds keys, registration.db", onLive.Output, StringComparison.Ordinal);
        Assert.EndsWith(
            "): restore fills only an empty or missing data folder, so that nothing is overwritten. " +
            $"Stop the app, move the folder aside (mv {data} {data}.old), run restore again, then start the app.\n",
            onLive.Output,
            StringComparison.Ordinal);
        Assert.Equal(liveDatabase, await File.ReadAllBytesAsync(Path.Combine(data, "registration.db")));

        // Folders that are not backups: none at all, a plain copy of a data folder, a backup with a file changed.
        using var target = new TempDirectory();
        var targetData = Path.Combine(target.Path, "data");
        var tampered = Path.Combine(backups, "tampered");
        CopyFolder(first, tampered);
        await File.AppendAllTextAsync(Path.Combine(tampered, "registration.db"), " ");

        // The same bytes behind a link would pass the hash: a link is refused for being one.
        var linked = Path.Combine(backups, "linked");
        CopyFolder(first, linked);
        File.Delete(Path.Combine(linked, "registration.db"));
        File.CreateSymbolicLink(Path.Combine(linked, "registration.db"), Path.Combine(first, "registration.db"));
        foreach (var (folder, problem) in new[]
        {
            (linked, "registration.db is a symbolic link, which no backup holds"),
            (Path.Combine(backups, "missing"), "there is no such folder"),
            (data, "it has no backup.json (the list a finished backup writes last)"),
            (tampered, "registration.db is not the file the backup wrote (its size or SHA-256 differs)"),
        })
        {
            var refused = await AppProcess.RunAsync(target.Path, null, "restore", folder);
            Assert.Equal(1, refused.ExitCode);
            Assert.StartsWith($"{folder} is not a backup made by backup: ", refused.Output, StringComparison.Ordinal);
            Assert.Contains(problem, refused.Output, StringComparison.Ordinal);
            Assert.EndsWith("Nothing was restored.\n", refused.Output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(targetData));
        }

        // An empty data folder is filled, and the organiser from the backup can be found in it.
        Directory.CreateDirectory(targetData);
        var (restored, output) = await AppProcess.RunAsync(target.Path, null, "restore", empty);
        Assert.True(restored == 0, output);
        Assert.Contains("0 registrations in 0 events; integrity check: ok", output, StringComparison.Ordinal);
        Assert.Contains("not kept  mail/", output, StringComparison.Ordinal);
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(targetData));
    }

    /// <summary>A backup whose list matches a damaged database (damaged before the list was written): the restored copy fails SQLite's check, and restore says not to start on it.</summary>
    [Fact]
    public async Task Restore_checks_the_restored_database_and_refuses_a_damaged_one()
    {
        var (added, addOutput) = await AppProcess.RunAsync(_folder.Path, OrganiserClient.Password + "\n", "organiser", "add", "organiser@example.org");
        Assert.True(added == 0, addOutput);
        var backup = Path.Combine(_folder.Path, "backup");
        Assert.Equal(0, (await AppProcess.RunAsync(_folder.Path, null, "backup", backup)).ExitCode);
        var database = Path.Combine(backup, "registration.db");
        await using (var file = new FileStream(database, FileMode.Open, FileAccess.Write))
        {
            // Past the first page (the header and schema), so the file still opens and the damage is found by the check.
            file.Position = 2 * 4096;
            await file.WriteAsync(Enumerable.Repeat((byte)0x5a, 4096).ToArray());
        }

        var manifest = Path.Combine(backup, "backup.json");
        var oldHash = System.Text.RegularExpressions.Regex.Match(await File.ReadAllTextAsync(manifest), "\"registration.db\",\\s*\"bytes\": \\d+,\\s*\"sha256\": \"([0-9a-f]+)\"").Groups[1].Value;
        Assert.NotEmpty(oldHash);
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace(oldHash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(database))), StringComparison.Ordinal));

        using var target = new TempDirectory();
        var (exitCode, output) = await AppProcess.RunAsync(target.Path, null, "restore", backup);

        Assert.Equal(1, exitCode);
        Assert.Contains("integrity check FAILED", output, StringComparison.Ordinal);
        Assert.EndsWith($"The restored database fails SQLite's integrity check: do not start the app on it. Empty {Path.Combine(target.Path, "data")} and restore an earlier backup.\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_without_a_database_says_so_and_creates_nothing()
    {
        var backup = Path.Combine(_folder.Path, "backup");
        var (exitCode, output) = await AppProcess.RunAsync(_folder.Path, null, "backup", backup);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"There is no database at {Path.Combine(_folder.Path, "data", "registration.db")}, so nothing to back up.", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(backup));
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "data")));
    }

    private static IDbContextFactory<RegistrationDbContext> Factory(string database) =>
        new PooledDbContextFactory<RegistrationDbContext>(new DbContextOptionsBuilder<RegistrationDbContext>().UseSqlite($"Data Source={database};Pooling=False").Options);

    private static HttpClient ClientWithCookies(Uri baseAddress) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };

    /// <summary>Signs in through the real form and gives the sign-in cookie as a <c>Cookie</c> header would carry it.</summary>
    private static async Task<string> SignInAsync(Uri baseAddress)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var page = await HttpPage.GetAsync(client, "/organiser/sign-in");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = page.AntiforgeryToken,
            ["Form.Email"] = "organiser@example.org",
            ["Form.Password"] = OrganiserClient.Password,
        });
        using var response = await client.PostAsync(new Uri("/organiser/sign-in", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = cookies.GetCookies(baseAddress)["registration.organiser"];
        Assert.NotNull(cookie);
        return $"{cookie.Name}={cookie.Value}";
    }

    private static List<string> Listing(string folder) =>
        [.. Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder, p)).Order(StringComparer.Ordinal)];

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }
}
