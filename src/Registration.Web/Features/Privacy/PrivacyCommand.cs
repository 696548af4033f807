using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Microsoft.Extensions.Options;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Privacy;

/// <summary>
/// <c>privacy run</c> removes what the daily job would remove now; <c>privacy erase EMAIL</c> erases everything
/// held for an address. Both print what they did; exit code 2 for arguments not understood.
/// </summary>
internal static class PrivacyCommand
{
    public const string Summary = "remove personal data that is due now, or erase everything held for an address";

    public const string Usage = """
        usage: privacy run | privacy erase EMAIL

          run          remove the personal data that is due now, as the daily job does: everything personal
                       Privacy:RetainDays after an event ends (or its own retain_days), sensitive answers
                       Privacy:RetainSensitiveDays after it; prints each event and how many registrations
          erase EMAIL  erase everything held for EMAIL at every event: a place or a place on a waiting list
                       is given up (the next person waiting gets it), then name, address, organisation and
                       answers go, and the emails sent to it lose their recipient and contents. Nobody is
                       emailed. The audit log records the erasure with a keyed hash of the address.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var erase = args is ["erase", var address] && address.Contains('@', StringComparison.Ordinal) && address.Length <= EventRegistration.MaxEmailLength;
        if (!erase && args is not ["run"])
        {
            if (args is ["erase", _])
            {
                await output.WriteLineAsync($"'{args[1]}' is not an email address.\n");
            }

            await output.WriteLineAsync(Usage);
            return 2;
        }

        var builder = RegistrationApp.CreateBuilder([]);

        // What it did is printed below; the same news as log lines would say it twice.
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        using var host = builder.Build();
        try
        {
            // As the web app checks them at start: a retention of "abc" days is refused, not run.
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception ex) when (SettingsProblems.Lines(ex) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                await output.WriteLineAsync(problem);
            }

            return 1;
        }

        // A mistyped data folder must not get a new, empty database that then "holds nothing" for anyone.
        var database = host.Services.GetRequiredService<IOptions<RegistrationOptions>>().Value.DatabasePath;
        if (new FileInfo(database) is not { Exists: true, Length: > 0, LinkTarget: null })
        {
            await output.WriteLineAsync($"There is no database at {database}. Run privacy with the app's settings (Registration:DataDirectory).");
            return 1;
        }

        try
        {
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>().CreateDbContextAsync();
            await SqliteDatabase.PrepareAsync(db, CancellationToken.None);
        }
        catch (SqliteException ex)
        {
            await output.WriteLineAsync($"{database} cannot be used as the app's database: {ex.Message}");
            return 1;
        }

        var personalData = host.Services.GetRequiredService<PersonalData>();
        if (erase)
        {
            var erasure = await personalData.ErasePersonAsync(args[1], $"command line ({Environment.UserName})");
            await output.WriteLineAsync(erasure.FoundAnything
                ? $"erased    {Count(erasure.Registrations, "registration")} and {Count(erasure.Emails, "email")} for that address in {database}; deleted {Count(erasure.MailFiles, "email file")}"
                : $"nothing   is held for that address in {database}");
            await WarnIfLogKeptAsync(erasure.LogEmptied, output);
            return 0;
        }

        var run = await personalData.RemoveDueAsync();
        foreach (var step in run.Steps)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"removed   {(step.AllPersonalData ? "personal data" : "sensitive answers")} of {Count(step.Registrations, "registration")} at {step.Slug} (due {step.DueAtUtc:yyyy-MM-dd HH:mm} UTC)"));
        }

        await output.WriteLineAsync(run.Steps.Count == 0 && run.MailFiles == 0
            ? $"nothing   is due in {database}: every event's personal data is within its time"
            : $"{Count(run.Steps.Count, "event")} done in {database}; deleted {Count(run.MailFiles, "email file")}");
        await WarnIfLogKeptAsync(run.LogEmptied, output);
        return 0;
    }

    private static async Task WarnIfLogKeptAsync(bool emptied, TextWriter output)
    {
        if (!emptied)
        {
            await output.WriteLineAsync("warning   the database's write-ahead log could not be emptied (something held a read open), so the removed values are still in it; run privacy run again, or the daily run empties it");
        }
    }

    private static string Count(int count, string what) => count == 1 ? $"1 {what}" : $"{count} {what}s";
}
