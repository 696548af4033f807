using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;
using static Registration.Tests.Features.Privacy.RetentionTests;

namespace Registration.Tests.Features.Privacy;

/// <summary>
/// <c>privacy run</c> and <c>privacy erase EMAIL</c> as an administrator types them: the app's own binary,
/// on the real clock, against a data folder an app wrote (its registrations made in 2025, long enough ago
/// that their 90 days are up).
/// </summary>
public sealed class PrivacyCommandTests
{
    private static readonly DateTime July2025 = new(2025, 7, 1, 10, 0, 0);

    [Fact]
    public async Task Privacy_erase_removes_an_address_everywhere_and_privacy_run_removes_what_is_due_each_saying_what_it_did()
    {
        using var folder = new TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        var leopold = new Person("Leopold Huxtable", "leopold.h@example.org", "Huxtable Maps");
        var matilda = new Person("Matilda Quennell", "matilda.q@example.org", "Quennell Glass");
        using (var app = new RegistrationAppFactory(seedSampleData: false, dataDirectory: data))
        {
            await TestEvents.AddAsync(app.DbFactory, "old-meetup", capacity: null, July2025, Form);
            var signUps = new SignUpClient(app.CreateClient());
            await signUps.PostAsync("old-meetup", FieldsOf(leopold));
            await signUps.PostAsync("old-meetup", FieldsOf(matilda));
            await app.Mail.WaitForAsync(m => m.To.Contains(matilda.Email, StringComparison.Ordinal));
        }

        var database = Path.Combine(data, "registration.db");
        var (exitCode, output) = await AppProcess.RunAsync(folder.Path, null, "privacy", "erase", "LEOPOLD.H@example.org");
        Assert.Equal((0, $"erased    1 registration and 1 email for that address in {database}; deleted 1 email file\n"), (exitCode, output));
        Assert.Empty(FilesHolding(data, leopold.Values));
        Assert.NotEmpty(FilesHolding(data, matilda.Values));

        (exitCode, output) = await AppProcess.RunAsync(folder.Path, null, "privacy", "erase", "leopold.h@example.org");
        Assert.Equal((0, $"nothing   is held for that address in {database}\n"), (exitCode, output));

        (exitCode, output) = await AppProcess.RunAsync(folder.Path, null, "privacy", "run");
        Assert.Equal(0, exitCode);
        Assert.StartsWith($"removed   personal data of 1 registration at old-meetup (due 2025-09-29 11:00 UTC)\n1 event done in {database}; deleted 1 email file", output, StringComparison.Ordinal);
        var left = FilesHolding(data, matilda.Values);
        Assert.True(left.Count == 0, $"Still held: {string.Join("; ", left)}");

        (exitCode, output) = await AppProcess.RunAsync(folder.Path, null, "privacy", "run");
        Assert.Equal((0, $"nothing   is due in {database}: every event's personal data is within its time\n"), (exitCode, output));

        // The record of the erasure names the command line's user, never the address.
        using var reopened = new RegistrationAppFactory(seedSampleData: false, dataDirectory: data);
        await using var db = await reopened.DbFactory.CreateDbContextAsync();
        var erasure = await db.Audit.SingleAsync(a => a.Action == "erase personal data");
        Assert.StartsWith("command line (", erasure.Actor, StringComparison.Ordinal);
        Assert.Equal([RegistrationStatus.Confirmed, RegistrationStatus.Confirmed], await db.Registrations.Where(r => r.AnonymisedAtUtc != null).Select(r => r.Status).ToListAsync());
    }

    [Fact]
    public async Task A_data_folder_without_a_database_or_a_setting_that_cannot_work_is_refused_and_nothing_is_made()
    {
        using var folder = new TempDirectory();
        var (exitCode, output) = await AppProcess.RunAsync(folder.Path, null, "privacy", "erase", "someone@example.org");
        Assert.Equal((1, $"There is no database at {Path.Combine(folder.Path, "data", "registration.db")}. Run privacy with the app's settings (Registration:DataDirectory).\n"), (exitCode, output));
        Assert.False(File.Exists(Path.Combine(folder.Path, "data", "registration.db")));

        // An empty file where the database should be is no database either.
        Directory.CreateDirectory(Path.Combine(folder.Path, "data"));
        await File.WriteAllBytesAsync(Path.Combine(folder.Path, "data", "registration.db"), []);
        Assert.Equal(1, (await AppProcess.RunAsync(folder.Path, null, "privacy", "run")).ExitCode);
        Assert.Equal(0, new FileInfo(Path.Combine(folder.Path, "data", "registration.db")).Length);
        Directory.Delete(Path.Combine(folder.Path, "data"), recursive: true);

        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Registration.Web")) { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("privacy");
        start.ArgumentList.Add("run");
        start.Environment["Registration__DataDirectory"] = Path.Combine(folder.Path, "data");
        start.Environment["Privacy__RetainDays"] = "-5";
        using var process = System.Diagnostics.Process.Start(start)!;
        var printed = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal((1, "Privacy:RetainDays must be from 0 to 3650.\n"), (process.ExitCode, printed));
    }
}
