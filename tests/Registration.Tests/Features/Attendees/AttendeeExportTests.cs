using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.Attendees;

/// <summary>The CSV exports, read back by Python's csv module as a spreadsheet user's tools would read them.</summary>
public sealed class AttendeeExportTests : IDisposable
{
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    private static readonly string[] AwkwardNames =
    [
        "\"Quoted\" Name, with a comma",
        "Siân Ó Dálaigh",
        "Zoë 🎉 李小龍",
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+SUM(A1:A2)",
        "-2+3",
        "@SUM(A1)",
    ];

    [Fact]
    public async Task Attendees_csv_reads_back_equal_with_formulas_neutralised()
    {
        await TestEvents.AddAsync(_app.DbFactory, "csv", capacity: 5, new DateTime(2025, 7, 1, 10, 0, 0), d => d with
        {
            Questions = [EventQuestion.Create("role", "Your role, briefly", QuestionKind.Text, null, required: false)],
        });
        var signUps = new SignUpClient(_app.CreateClient());
        var names = AwkwardNames;
        for (var i = 0; i < names.Length; i++)
        {
            var fields = SignUpClient.Fields(names[i], $"person{i}@example.org");
            fields["Form.Organisation"] = "Acme, \"Widgets\" Ltd";
            fields["Form.AccessNeeds"] = "Step-free access\nHearing loop";
            fields["Form.Answers[role]"] = "=1+1";
            Assert.NotNull(SignUpClient.Status(await signUps.PostAsync("csv", fields)));
        }

        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            var first = await db.Registrations.OrderBy(r => r.Id).FirstAsync();
            first.CheckIn(new DateTime(2025, 7, 1, 9, 5, 0, DateTimeKind.Utc), "door@example.org");
            await db.SaveChangesAsync();
        }

        var organiser = await OrganiserClient.SignedInAsync(_app);
        using var response = await organiser.GetAsync(new Uri("/organiser/events/csv/attendees.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"csv-attendees-2025-06-01.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);

        var rows = await ReadCsvAsync(bytes);
        Assert.Equal(["Name", "Email", "Organisation", "Status", "Waiting-list position", "Registered", "Checked in", "Access needs", "Dietary needs", "Your role, briefly", "Notes"], rows[0]);
        Assert.Equal(names.Length + 1, rows.Count);
        for (var i = 0; i < names.Length; i++)
        {
            var row = rows[i + 1];
            var expected = names[i][0] is '=' or '+' or '-' or '@' ? "'" + names[i] : names[i];
            Assert.Equal(expected, row[0]);
            Assert.Equal($"person{i}@example.org", row[1]);
            Assert.Equal("Acme, \"Widgets\" Ltd", row[2]);
            Assert.Equal(i < 5 ? "Confirmed" : "Waitlisted", row[3]);
            Assert.Equal(i < 5 ? string.Empty : (i - 4).ToString(System.Globalization.CultureInfo.InvariantCulture), row[4]);
            Assert.Equal("2025-06-01 10:00", row[5]);
            Assert.Equal("Step-free access\nHearing loop", row[7]);
            Assert.Equal("'=1+1", row[9]);
        }

        Assert.Equal("2025-07-01 10:05", rows[1][6]);
    }

    [Fact]
    public async Task Attendance_csv_lists_confirmed_people_with_their_check_in()
    {
        await TestEvents.AddAsync(_app.DbFactory, "door", capacity: 1, new DateTime(2025, 7, 1, 10, 0, 0));
        var signUps = new SignUpClient(_app.CreateClient());
        await signUps.PostAsync("door", SignUpClient.Fields("Ada", "ada@example.org"));
        await signUps.PostAsync("door", SignUpClient.Fields("Grace", "grace@example.org"));
        var organiser = await OrganiserClient.SignedInAsync(_app);

        using var response = await organiser.GetAsync(new Uri("/organiser/events/door/attendance.csv", UriKind.Relative));
        var rows = await ReadCsvAsync(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal("attachment; filename=\"door-attendance-2025-06-01.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(["Name", "Email", "Organisation", "Status", "Checked in", "Checked in by", "Access needs"], rows[0]);
        Assert.Equal("Ada", Assert.Single(rows.Skip(1))[0]);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.GetAsync(new Uri("/organiser/events/none/attendance.csv", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_registration_whose_personal_data_went_keeps_its_row_and_status_with_the_personal_columns_blank()
    {
        await TestEvents.AddAsync(_app.DbFactory, "removed", capacity: 5, new DateTime(2025, 7, 1, 10, 0, 0), d => d with
        {
            Questions = [EventQuestion.Create("role", "Your role", QuestionKind.Text, null, required: false)],
        });
        var signUps = new SignUpClient(_app.CreateClient());
        foreach (var name in new[] { "Ada Lovelace", "Grace Hopper" })
        {
            var fields = SignUpClient.Fields(name, $"{name.Split(' ')[0].ToLowerInvariant()}@example.org");
            fields["Form.Organisation"] = "Analytical Engines";
            fields["Form.AccessNeeds"] = "Step-free access";
            fields["Form.Answers[role]"] = "Programmer";
            Assert.NotNull(SignUpClient.Status(await signUps.PostAsync("removed", fields)));
        }

        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            var ada = await db.Registrations.SingleAsync(r => r.Name == "Ada Lovelace");
            ada.CheckIn(new DateTime(2025, 7, 1, 9, 5, 0, DateTimeKind.Utc), "door@example.org");
            ada.Anonymise(new DateTime(2025, 10, 1, 0, 0, 0, DateTimeKind.Utc));
            await db.SaveChangesAsync();
        }

        var organiser = await OrganiserClient.SignedInAsync(_app, "removed@example.org");
        var attendees = await ReadCsvAsync(await organiser.GetByteArrayAsync(new Uri("/organiser/events/removed/attendees.csv", UriKind.Relative)));
        Assert.Equal(["", "", "", "Confirmed", "", "2025-06-01 10:00", "2025-07-01 10:05", "", "", "", ""], attendees[1]);
        Assert.Equal(["Grace Hopper", "grace@example.org", "Analytical Engines", "Confirmed"], attendees[2][..4]);

        var attendance = await ReadCsvAsync(await organiser.GetByteArrayAsync(new Uri("/organiser/events/removed/attendance.csv", UriKind.Relative)));
        Assert.Equal(["", "", "", "Confirmed", "2025-07-01 10:05", "door@example.org", ""], attendance[1]);
    }

    /// <summary>Python's csv module, opening the file as a spreadsheet import would (utf-8-sig drops the BOM).</summary>
    internal static async Task<List<string[]>> ReadCsvAsync(byte[] bytes)
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "export.csv");
        await File.WriteAllBytesAsync(path, bytes);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f: print(json.dumps(list(csv.reader(f, strict=True))))");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return JsonSerializer.Deserialize<List<string[]>>(output)!;
    }
}
