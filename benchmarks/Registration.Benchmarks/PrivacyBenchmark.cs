using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Web;
using Registration.Web.Data;
using Registration.Web.Features.Privacy;

namespace Registration.Benchmarks;

/// <summary>
/// What removing personal data costs on the attendee-list benchmark's database (30,000 registrations,
/// 200,000 outbox rows): a bare <c>VACUUM</c> and log checkpoint (the baseline, which every removal ends
/// with), erasing one address, and the longest a sign-up-sized write waited meanwhile; then the retention
/// run over every event at once, on a clock past their dates.
/// </summary>
internal static class PrivacyBenchmark
{
    private const int Erasures = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var data = Path.GetFullPath(args[0]);
        await using var app = Build(data);
        var factory = app.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var ev = await AttendeeListBenchmark.CreateDatabaseAsync(factory, Path.Combine(data, "registration.db"));
        var personalData = app.Services.GetRequiredService<PersonalData>();

        var vacuum = new List<double>();
        var erase = new List<double>();
        var waits = new List<double>();
        for (var i = 0; i < Erasures; i++)
        {
            await using (var db = await factory.CreateDbContextAsync())
            {
                var clock = Stopwatch.StartNew();
                await db.Database.ExecuteSqlRawAsync("VACUUM;");
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
                vacuum.Add(clock.Elapsed.TotalMilliseconds);
            }

            // A writer like a sign-up keeps writing while the erasure runs: its longest wait is what a visitor would notice.
            using var stop = new CancellationTokenSource();
            var writer = WriteUntilAsync(factory, ev.Id, stop.Token);
            var erasing = Stopwatch.StartNew();
            var erasure = await personalData.ErasePersonAsync(AttendeeListData.EmailOf(i), "benchmark");
            erase.Add(erasing.Elapsed.TotalMilliseconds);
            await stop.CancelAsync();
            waits.Add(await writer);
            if (erasure.Registrations != 1)
            {
                throw new InvalidOperationException($"Expected one registration erased for {AttendeeListData.EmailOf(i)}, got {erasure}.");
            }
        }

        var megabytes = new FileInfo(Path.Combine(data, "registration.db")).Length / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database after erasures: {megabytes:F0} MiB; {Erasures} runs of each, times in ms"));
        Console.WriteLine();
        Console.WriteLine("| what | median | max |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| VACUUM and checkpoint alone (baseline) | {Median(vacuum):F0} | {vacuum.Max():F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| erase one address (ErasePersonAsync) | {Median(erase):F0} | {erase.Max():F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| longest wait of a write meanwhile | {Median(waits):F0} | {waits.Max():F0} |"));

        // Every event's data at once: a clock past all their dates, through the same service.
        await using var later = Build(data, new FixedClock(new DateTimeOffset(2027, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        using var stopRun = new CancellationTokenSource();
        var runWriter = WriteUntilAsync(factory, ev.Id, stopRun.Token);
        var run = Stopwatch.StartNew();
        var removed = await later.Services.GetRequiredService<PersonalData>().RemoveDueAsync();
        var runTook = run.Elapsed.TotalMilliseconds;
        await stopRun.CancelAsync();
        var runWait = await runWriter;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| retention run: {removed.Steps.Count} events, {removed.Steps.Sum(s => s.Registrations)} registrations anonymised | {runTook:F0} | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| longest wait of a write meanwhile | {runWait:F0} | |"));
        return 0;
    }

    /// <summary>Short write transactions through the event's write lock, as a sign-up makes, until stopped; returns the longest in ms.</summary>
    private static async Task<double> WriteUntilAsync(IDbContextFactory<RegistrationDbContext> factory, int eventId, CancellationToken stop)
    {
        var longest = 0.0;
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            await using (var db = await factory.CreateDbContextAsync())
            await using (var write = await EventWriteLock.BeginAsync(db, eventId, CancellationToken.None))
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE \"Events\" SET \"UpdatedAtUtc\" = \"UpdatedAtUtc\" WHERE \"Id\" = {0};", eventId);
                await write.CommitAsync(CancellationToken.None);
            }

            longest = Math.Max(longest, clock.Elapsed.TotalMilliseconds);
            await Task.Delay(5, CancellationToken.None);
        }

        return longest;
    }

    private static WebApplication Build(string directory, TimeProvider? clock = null)
    {
        var builder = RegistrationApp.CreateBuilder([$"--Registration:DataDirectory={directory}", "--Logging:LogLevel:Default=Warning"]);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        return builder.Build();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
