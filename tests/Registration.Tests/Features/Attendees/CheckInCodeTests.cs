using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Features.Email;

namespace Registration.Tests.Features.Attendees;

/// <summary>
/// The confirmation for an in-person event carries a QR code with the person's own secret check-in code,
/// which opens their check-in for a signed-in organiser; the registration id opens nothing.
/// </summary>
public sealed partial class CheckInCodeTests(CheckInCodeTests.App app) : IClassFixture<CheckInCodeTests.App>
{
    public sealed class App() : RegistrationAppFactory(seedSampleData: false);

    [Fact]
    public async Task Each_person_has_an_unguessable_code_that_opens_their_check_in_for_organisers_only()
    {
        // Well after the clock the other test moves to.
        await TestEvents.AddAsync(app.DbFactory, "in-person", capacity: 10, new DateTime(2025, 9, 1, 10, 0, 0));
        var signUp = new SignUpClient(app.CreateClient());
        await signUp.PostAsync("in-person", SignUpClient.Fields("Ada", "ada@example.org"));
        await signUp.PostAsync("in-person", SignUpClient.Fields("Bob", "bob@example.org"));
        var ada = await CodeInAsync(app.Mail, "ada@example.org", "You're registered");
        var bob = await CodeInAsync(app.Mail, "bob@example.org", "You're registered");

        int[] ids;
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            ids = await db.Registrations.Where(r => r.Event!.Slug == "in-person").OrderBy(r => r.Id).Select(r => r.Id).ToArrayAsync();
        }

        // Consecutive registrations, unrelated codes of 256 bits each.
        Assert.Equal(ids[0] + 1, ids[1]);
        Assert.NotEqual(ada, bob);
        Assert.All(new[] { ada, bob }, code => Assert.True(Base64Url.DecodeFromChars(code).Length >= 16, code));

        // The database keeps only hashes: the codes are nowhere in its files.
        foreach (var file in Directory.EnumerateFiles(app.DataDirectory, "registration.db*"))
        {
            var bytes = Encoding.ASCII.GetString(await ReadSharedAsync(file));
            Assert.DoesNotContain(ada, bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(bob, bytes, StringComparison.Ordinal);
        }

        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var refused = await anonymous.GetAsync(new Uri($"/organiser/check-in/{ada}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/organiser/sign-in", refused.Headers.Location?.PathAndQuery ?? refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        // The check-in page is live only (its content is checked in a browser, OrganiserResilienceBrowserTests);
        // over HTTP its status says whether the code found anyone, and each code finds its own person.
        var organiser = await OrganiserClient.SignedInAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(organiser, $"/organiser/check-in/{ada}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(organiser, $"/organiser/check-in/{bob}")).Status);
        Assert.Equal(["Ada", "Bob"], await NamesFoundByAsync(ada, bob));

        // A made-up code, a code one character off, and the old numeric addresses find nobody.
        var madeUp = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var oneOff = ada[..^1] + (ada[^1] == 'A' ? 'B' : 'A');
        foreach (var code in new[] { madeUp, oneOff, "1", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            var page = await HttpPage.GetAsync(organiser, $"/organiser/check-in/{code}");
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.Empty(await NamesFoundByAsync(code));
        }
    }

    /// <summary>Whom each code finds, as the check-in page looks them up: by the code's hash.</summary>
    private async Task<string[]> NamesFoundByAsync(params string[] codes)
    {
        await using var db = await app.DbFactory.CreateDbContextAsync();
        var names = new List<string>();
        foreach (var code in codes)
        {
            var hash = Registration.Web.Domain.CheckInKey.HashOf(code);
            names.AddRange(await db.Registrations.Where(r => r.CheckInCodeHash == hash).Select(r => r.Name).ToListAsync());
        }

        return [.. names];
    }

    [Fact]
    public async Task A_later_email_carries_the_same_code_as_the_confirmation()
    {
        await TestEvents.AddAsync(app.DbFactory, "reminded", capacity: 10, new DateTime(2025, 8, 1, 10, 0, 0), d => d with { ReminderOffsetsMinutes = [1440] });
        await new SignUpClient(app.CreateClient()).PostAsync("reminded", SignUpClient.Fields("Cy", "cy@example.org"));
        var confirmed = await CodeInAsync(app.Mail, "cy@example.org", "You're registered");

        app.Clock.Now = new DateTimeOffset(2025, 7, 31, 12, 0, 0, TimeSpan.Zero);
        await app.Services.GetRequiredService<ReminderQueue>().QueueDueAsync();
        Assert.Equal(confirmed, await CodeInAsync(app.Mail, "cy@example.org", "Reminder"));
    }

    /// <summary>
    /// A registration from before check-in codes: the migration gives it a salt, the app its hash when it
    /// starts, and the next email's code opens it.
    /// </summary>
    [Fact]
    public async Task A_registration_from_before_check_in_codes_gets_a_working_code()
    {
        using var folder = new TempDirectory();
        using (var before = new RegistrationAppFactory(seedSampleData: false, dataDirectory: folder.Path))
        {
            await TestEvents.AddAsync(before.DbFactory, "older", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0), d => d with { ReminderOffsetsMinutes = [1440] });
            await new SignUpClient(before.CreateClient()).PostAsync("older", SignUpClient.Fields("Dee", "dee@example.org"));
            await before.Mail.WaitForAsync(m => m.Subject.StartsWith("You're registered", StringComparison.Ordinal));
        }

        // Back to the schema before check-in codes, as a database made by the previous version.
        await using (var db = new Registration.Web.Data.RegistrationDbContext(
            new DbContextOptionsBuilder<Registration.Web.Data.RegistrationDbContext>().UseSqlite($"Data Source={Path.Combine(folder.Path, "registration.db")};Pooling=False").Options))
        {
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.IndexOf("20261202100000_CheckInCodes") - 1]);
            var columns = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_table_info('Registrations')").ToListAsync();
            Assert.DoesNotContain("CheckInSalt", columns);
        }

        using var after = new RegistrationAppFactory(seedSampleData: false, dataDirectory: folder.Path);
        after.Clock.Now = new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
        await after.Services.GetRequiredService<ReminderQueue>().QueueDueAsync();
        var code = await CodeInAsync(after.Mail, "dee@example.org", "Reminder");

        // Dee is the only one registered: the page answering 200, not 404, is the code finding her.
        var page = await HttpPage.GetAsync(await OrganiserClient.SignedInAsync(after), $"/organiser/check-in/{code}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
    }

    /// <summary>The code in the QR image of the newest matching email, checked to be a check-in address.</summary>
    internal static async Task<string> CodeInAsync(MailDrop mail, string to, string subjectStart)
    {
        var message = await mail.WaitForAsync(m => m.To.Contains(to, StringComparison.Ordinal) && m.Subject.StartsWith(subjectStart, StringComparison.Ordinal));
        var image = Assert.Single(message.Images);
        Assert.Contains($"cid:{image.ContentId}", message.Html, StringComparison.Ordinal);
        var match = CheckInAddress().Match(await ReadQrAsync(Convert.FromBase64String(image.Base64)));
        Assert.True(match.Success, match.Value);
        return match.Groups[1].Value;
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>zbarimg (Debian's zbar-tools) decodes the PNG as a phone's camera would.</summary>
    private static async Task<string> ReadQrAsync(byte[] png)
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "code.png");
        await File.WriteAllBytesAsync(path, png);
        var start = new ProcessStartInfo("zbarimg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--raw", "-q", path })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }

    [GeneratedRegex("^https://events\\.example\\.org/organiser/check-in/([A-Za-z0-9_-]{43})$")]
    private static partial Regex CheckInAddress();
}
