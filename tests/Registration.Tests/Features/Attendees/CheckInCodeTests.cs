using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;

namespace Registration.Tests.Features.Attendees;

/// <summary>The confirmation for an in-person event carries a QR code that opens that person's check-in for an organiser.</summary>
public sealed class CheckInCodeTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_code_in_the_email_reads_as_the_check_in_link_which_only_organisers_can_open()
    {
        await TestEvents.AddAsync(_app.DbFactory, "in-person", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));
        await new SignUpClient(_app.CreateClient()).PostAsync("in-person", SignUpClient.Fields("Ada", "ada@example.org"));
        int id;
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            id = await db.Registrations.Select(r => r.Id).SingleAsync();
        }

        var mail = await _app.Mail.WaitForAsync(m => m.Subject.StartsWith("You're registered", StringComparison.Ordinal));
        var image = Assert.Single(mail.Images);
        Assert.Contains($"cid:{image.ContentId}", mail.Html, StringComparison.Ordinal);
        Assert.Equal($"https://events.example.org/organiser/check-in/{id}", await ReadQrAsync(Convert.FromBase64String(image.Base64)));

        var anonymous = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var refused = await anonymous.GetAsync(new Uri($"/organiser/check-in/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);

        var organiser = await OrganiserClient.SignedInAsync(_app);
        var page = await HttpPage.GetAsync(organiser, $"/organiser/check-in/{id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Ada", page.Text, StringComparison.Ordinal);
        Assert.Contains("Check in", page.Text, StringComparison.Ordinal);
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
}
