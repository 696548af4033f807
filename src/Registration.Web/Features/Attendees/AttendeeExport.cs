using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Events;

namespace Registration.Web.Features.Attendees;

/// <summary>
/// The attendee and attendance CSV files: UTF-8 with a byte-order mark (so Excel shows "Siân" right),
/// RFC 4180 quoting and formula injection neutralised by CsvHelper, and rows streamed from the database
/// to the response so memory stays flat however many people registered.
/// </summary>
public static class AttendeeExport
{
    /// <summary>
    /// RFC 4180 with CRLF, a byte-order mark, and any text cell starting with = + - @, a tab, CR or LF
    /// written with a leading apostrophe, so spreadsheets show "=HYPERLINK(...)" as text, not a formula.
    /// </summary>
    private static readonly CsvWriterOptions Csv = new()
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+-@\t\r\n",
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static IEndpointRouteBuilder MapAttendeeExports(this IEndpointRouteBuilder app)
    {
        var organiser = app.MapGroup("/organiser/events/{slug}").RequireAuthorization();
        organiser.MapGet("/attendees.csv", (string slug, HttpContext context, IDbContextFactory<RegistrationDbContext> dbFactory, TimeProvider clock) =>
            WriteAsync(slug, "attendees", context, dbFactory, clock, attendance: false));
        organiser.MapGet("/attendance.csv", (string slug, HttpContext context, IDbContextFactory<RegistrationDbContext> dbFactory, TimeProvider clock) =>
            WriteAsync(slug, "attendance", context, dbFactory, clock, attendance: true));
        return app;
    }

    /// <summary>Writes the export for one event to <paramref name="output"/>; returns false when there is no such event.</summary>
    public static async Task<bool> WriteAsync(RegistrationDbContext db, string slug, Stream output, bool attendance, CancellationToken cancellationToken)
    {
        var ev = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Slug == slug, cancellationToken);
        if (ev is null)
        {
            return false;
        }

        await using var csv = CsvWriter.Create(output, Csv, leaveOpen: true);
        var questions = ev.Questions.ToList();
        var zone = ev.Schedule.TimeZone;
        var header = attendance
            ? new List<string> { "Name", "Email", "Organisation", "Status", "Checked in", "Checked in by", "Access needs" }
            : new List<string> { "Name", "Email", "Organisation", "Status", "Waiting-list position", "Registered", "Checked in", "Access needs", "Dietary needs" };
        if (!attendance)
        {
            header.AddRange(questions.Select(q => q.Label));
            header.Add("Notes");
        }

        foreach (var field in header)
        {
            csv.WriteField(field);
        }

        await csv.EndRecordAsync(cancellationToken);

        var rows = db.Registrations.AsNoTracking()
            .Where(r => r.EventId == ev.Id && (!attendance || r.Status == RegistrationStatus.Confirmed))
            .OrderBy(r => r.Id)
            .AsAsyncEnumerable();
        var waiting = 0;
        var written = 0;
        await foreach (var registration in rows.WithCancellation(cancellationToken))
        {
            var position = registration.Status == RegistrationStatus.Waitlisted ? ++waiting : (int?)null;
            Field(csv, registration.Name);
            Field(csv, registration.Email);
            Field(csv, registration.Organisation);
            Field(csv, registration.Status.ToString());
            if (attendance)
            {
                Field(csv, Local(registration.CheckedInAtUtc, zone));
                Field(csv, registration.CheckedInBy);
                Field(csv, registration.Answers.GetValueOrDefault(SignUpDetails.AccessNeedsKey));
            }
            else
            {
                Field(csv, position?.ToString(CultureInfo.InvariantCulture));
                Field(csv, Local(registration.CreatedAtUtc, zone));
                Field(csv, Local(registration.CheckedInAtUtc, zone));
                Field(csv, registration.Answers.GetValueOrDefault(SignUpDetails.AccessNeedsKey));
                Field(csv, registration.Answers.GetValueOrDefault(SignUpDetails.DietaryNeedsKey));
                // Columns follow the questions' keys, which never change, under their labels as they are now.
                foreach (var question in questions)
                {
                    Field(csv, registration.Answers.TryGetValue(question.Key, out var answer) ? question.Readable(answer) : null);
                }

                Field(csv, registration.Notes);
            }

            await csv.EndRecordAsync(cancellationToken);

            // Hand rows to the client as they come rather than holding the file.
            if (++written % 1000 == 0)
            {
                await csv.FlushAsync(cancellationToken);
            }
        }

        await csv.FlushAsync(cancellationToken);
        return true;
    }

    private static async Task<IResult> WriteAsync(string slug, string kind, HttpContext context, IDbContextFactory<RegistrationDbContext> dbFactory, TimeProvider clock, bool attendance)
    {
        await using var db = await dbFactory.CreateDbContextAsync(context.RequestAborted);
        if (!await db.Events.AnyAsync(e => e.Slug == slug, context.RequestAborted))
        {
            return Results.NotFound();
        }

        var date = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{slug}-{kind}-{date}.csv\"";
        context.Response.Headers.CacheControl = "no-store";
        await WriteAsync(db, slug, context.Response.Body, attendance, context.RequestAborted);
        return Results.Empty;
    }

    private static void Field(CsvWriter csv, string? value) => csv.WriteField(value ?? string.Empty);

    private static string? Local(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } value ? TimeZoneInfo.ConvertTimeFromUtc(value, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null;
}
