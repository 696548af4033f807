using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registration.Tests.Features.Attendees;
using Registration.Tests.Support;
using Registration.Web.Features.Email;

namespace Registration.Tests.Infrastructure;

/// <summary>
/// What the app leaves on disk is for its own user only, and the data-protection keys can be encrypted
/// with a certificate; each test runs the real app on a data folder of its own.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataAtRestTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;
    private const string Password = "pfx password for the test";

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_data_folder_and_every_file_the_app_writes_there_are_private()
    {
        var data = Path.Combine(_folder.Path, "new-data");
        using var app = new RegistrationAppFactory(seedSampleData: false, dataDirectory: data);
        await SignUpAsync(app, "Ada", "ada@example.org");

        // SQLite removes the -wal and -shm files when the last connection closes; one held open keeps them.
        await using var db = await app.DbFactory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        Assert.Equal(1, await db.Registrations.CountAsync());

        Assert.Equal(PrivateFolder, File.GetUnixFileMode(data));
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(Path.Combine(data, "keys")));
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(Path.Combine(data, "mail")));
        var files = new[] { "registration.db", "registration.db-wal", "registration.db-shm", "check-in.key" }.Select(f => Path.Combine(data, f))
            .Concat(Directory.GetFiles(Path.Combine(data, "keys"), "*.xml"))
            .Concat(Directory.GetFiles(Path.Combine(data, "mail"), "*.eml"))
            .ToList();
        Assert.Equal(6, files.Count);
        Assert.All(files, f => Assert.Equal((f, Private), (f, File.GetUnixFileMode(f))));
    }

    [Fact]
    public async Task A_folder_left_open_to_others_is_tightened_at_start_and_says_so()
    {
        const UnixFileMode open = PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        const UnixFileMode readable = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var data = Path.Combine(_folder.Path, "old-data");
        var mail = Path.Combine(data, "mail");
        Directory.CreateDirectory(mail);
        var eml = Path.Combine(mail, "old.eml");
        await File.WriteAllTextAsync(eml, "From: someone\r\n\r\nAn old message.\r\n");
        File.SetUnixFileMode(data, open);
        File.SetUnixFileMode(mail, open);
        File.SetUnixFileMode(eml, readable);

        using var app = new LoggingApp(data);
        await SignUpAsync(app, "Ada", "ada@example.org");

        Assert.Equal(PrivateFolder, File.GetUnixFileMode(data));
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(mail));
        Assert.Equal(Private, File.GetUnixFileMode(eml));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(data, "registration.db")));
        var said = Assert.Single(app.Lines, l => l.Contains("private to this user", StringComparison.Ordinal));
        Assert.Contains("Made 3 files and folders", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_key_certificate_the_keys_are_encrypted_on_disk_and_still_read_after_a_restart()
    {
        var data = Path.Combine(_folder.Path, "data");
        var settings = new Dictionary<string, string>
        {
            ["Registration:KeyCertificate"] = WriteCertificate(Password),
            ["Registration:KeyCertificatePassword"] = Password,
        };
        string code;
        using (var before = new RegistrationAppFactory(seedSampleData: false, settings: settings, dataDirectory: data))
        {
            code = await SignUpAsync(before, "Ada", "ada@example.org");
        }

        var key = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(data, "keys"), "*.xml")));
        Assert.Contains("<encryptedSecret", key, StringComparison.Ordinal);
        Assert.Contains("<X509Data>", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);

        // The check-in key is kept encrypted with the data-protection keys: the code emailed before the
        // restart still opens the check-in, and a new email after it carries the same code.
        using var after = new RegistrationAppFactory(seedSampleData: false, settings: settings, dataDirectory: data);
        // Ada is the only one registered: the page answering 200, not 404, is the code finding her.
        var page = await HttpPage.GetAsync(await OrganiserClient.SignedInAsync(after), $"/organiser/check-in/{code}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        after.Clock.Now = new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
        await after.Services.GetRequiredService<ReminderQueue>().QueueDueAsync();
        Assert.Equal(code, await CheckInCodeTests.CodeInAsync(after.Mail, "ada@example.org", "Reminder"));
    }

    [Theory]
    [InlineData("wrong password", "cannot be opened with Registration:KeyCertificatePassword")]
    [InlineData(null, "there is no file at")]
    public async Task A_key_certificate_that_cannot_be_used_stops_the_app_with_one_clear_message(string? password, string expected)
    {
        // The app's own process, as an operator starts it: exit code 1 and one line naming the setting.
        var path = password is null ? Path.Combine(_folder.Path, "missing.pfx") : WriteCertificate(Password);
        var (exitCode, output, errors) = await AppServer.RunUntilExitAsync(
            new Dictionary<string, string>
            {
                ["Registration:KeyCertificate"] = path,
                ["Registration:KeyCertificatePassword"] = password ?? Password,
            },
            "--urls",
            "http://127.0.0.1:0");

        Assert.Equal(1, exitCode);
        var message = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Registration:KeyCertificate: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains(path, message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + errors, StringComparison.Ordinal);
    }

    /// <summary>Signs up for an in-person event (made on first use) and returns the check-in code from the confirmation.</summary>
    private static async Task<string> SignUpAsync(RegistrationAppFactory app, string name, string email)
    {
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            if (!db.Events.Any(e => e.Slug == "at-rest"))
            {
                await TestEvents.AddAsync(app.DbFactory, "at-rest", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0), d => d with { ReminderOffsetsMinutes = [1440] });
            }
        }

        await new SignUpClient(app.CreateClient()).PostAsync("at-rest", SignUpClient.Fields(name, email));
        return await CheckInCodeTests.CodeInAsync(app.Mail, email, "You're registered");
    }

    /// <summary>A self-signed certificate with its RSA key in a password-protected .pfx, as an operator would make one.</summary>
    private string WriteCertificate(string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Registration data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder.Path, $"keys-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private sealed class LoggingApp(string dataDirectory) : RegistrationAppFactory(seedSampleData: false, dataDirectory: dataDirectory), ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capture(Lines);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(this));
        }

        private sealed class Capture(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
