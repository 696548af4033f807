using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Web;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;

namespace Registration.Benchmarks;

/// <summary>
/// The attendee export, streamed from the database, beside CsvHelper writing the same rows from a list
/// already in memory: time, and the peak of the managed heap while each runs (sampled every 5 ms).
/// Leaves the database in place so the script can also time the export over HTTP.
/// </summary>
internal static class ExportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var data = args[0];
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var slug = args[2];
        var app = RegistrationApp.CreateBuilder([$"--Registration:DataDirectory={data}", "--Logging:LogLevel:Default=Warning"]).Build();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await SqliteDatabase.PrepareAsync(db, CancellationToken.None);
            await PopulateAsync(db, slug, count);
        }

        // Warm both paths once so neither pays for JIT in its measurement.
        await StreamedAsync(dbFactory, slug);
        await InMemoryAsync(dbFactory, slug);

        var (streamedTime, streamedPeak, streamedBytes) = await MeasureAsync(() => StreamedAsync(dbFactory, slug));
        var (memoryTime, memoryPeak, memoryBytes) = await MeasureAsync(() => InMemoryAsync(dbFactory, slug));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} rows | streamed export: {streamedTime.TotalMilliseconds:F0} ms, peak heap {streamedPeak / 1048576.0:F1} MiB, {streamedBytes / 1048576.0:F1} MiB written | CsvHelper from a list in memory (baseline, list loaded inside the measurement): {memoryTime.TotalMilliseconds:F0} ms, peak heap {memoryPeak / 1048576.0:F1} MiB, {memoryBytes / 1048576.0:F1} MiB written"));
        await app.DisposeAsync();
        return 0;
    }

    private static async Task<long> StreamedAsync(IDbContextFactory<RegistrationDbContext> dbFactory, string slug)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var output = new CountingStream();
        await AttendeeExport.WriteAsync(db, slug, output, attendance: false, CancellationToken.None);
        return output.Length;
    }

    /// <summary>The baseline: every row loaded into a list first, then written by CsvHelper with the same options.</summary>
    private static async Task<long> InMemoryAsync(IDbContextFactory<RegistrationDbContext> dbFactory, string slug)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var ev = await db.Events.AsNoTracking().SingleAsync(e => e.Slug == slug);
        var rows = await db.Registrations.AsNoTracking().Where(r => r.EventId == ev.Id).OrderBy(r => r.Id).ToListAsync();
        var output = new CountingStream();
        await using (var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            foreach (var r in rows)
            {
                csv.WriteField(r.Name);
                csv.WriteField(r.Email);
                csv.WriteField(r.Organisation ?? string.Empty);
                csv.WriteField(r.Status.ToString());
                csv.WriteField(string.Empty);
                csv.WriteField(r.CreatedAtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                csv.WriteField(r.CheckedInAtUtc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(r.Answers.GetValueOrDefault(SignUpDetails.AccessNeedsKey) ?? string.Empty);
                csv.WriteField(r.Answers.GetValueOrDefault(SignUpDetails.DietaryNeedsKey) ?? string.Empty);
                csv.WriteField(r.Notes ?? string.Empty);
                await csv.EndRecordAsync(CancellationToken.None);
            }
        }

        return output.Length;
    }

    private static async Task<(TimeSpan Time, long PeakHeap, long Bytes)> MeasureAsync(Func<Task<long>> run)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false) - baseline);
                await Task.Delay(5);
            }
        });
        var timer = Stopwatch.StartNew();
        var bytes = await run();
        timer.Stop();
        await stop.CancelAsync();
        await sampler;
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false) - baseline);
        return (timer.Elapsed, peak, bytes);
    }

    private static async Task PopulateAsync(RegistrationDbContext db, string slug, int count)
    {
        if (await db.Events.AnyAsync(e => e.Slug == slug))
        {
            return;
        }

        var now = DateTime.UtcNow;
        var ev = Event.Create(slug, new EventDetails
        {
            Title = $"Export benchmark, {count} people",
            Schedule = EventSchedule.At(new DateTime(2099, 1, 1, 10, 0, 0), new DateTime(2099, 1, 1, 17, 0, 0), "Europe/London"),
            Location = EventLocation.InPerson("Manchester"),
        }, now);
        ev.Publish();
        db.Events.Add(ev);
        await db.SaveChangesAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < count; i++)
        {
            var name = i % 10 == 0 ? $"=HYPERLINK(\"x\",\"Person {i}\")" : $"Siân Person {i}";
            var details = SignUpDetails.Validate(new SignUpInput(name, $"person{i}@example.org", "Acme, \"Widgets\" Ltd", i % 3 == 0 ? "Step-free\naccess" : null, null, new Dictionary<string, string?>(), true), [], out _)!;
            var (registration, _) = EventRegistration.Create(ev.Id, details, placeAvailable: true, now);
            db.Registrations.Add(registration);
            if ((i + 1) % 5000 == 0)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    /// <summary>Counts what is written and keeps none of it, like a network client reading the download.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
