using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Radzen;
using Registration.Web;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;

namespace Registration.Benchmarks;

/// <summary>
/// What the organiser's attendee list runs on each load, timed in process against 10,000 registrations
/// and 200,000 outbox rows: the app's queries on the app's database, beside main's queries on a copy of
/// the same file without the index main lacks. Prints the median and p95 of each load, checks that both
/// return the same rows, and shows SQLite's plan for every statement each side runs.
/// </summary>
internal static class AttendeeListBenchmark
{
    private const int PageSize = 25;
    private const int WarmUps = 3;
    private const string Database = "registration.db";

    public static async Task<int> RunAsync(string[] args)
    {
        var data = Path.GetFullPath(args[0]);
        var repeat = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var nowDirectory = Path.Combine(data, "now");
        var mainDirectory = Path.Combine(data, "main");

        await using var now = Build(nowDirectory);
        var nowFactory = now.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var ev = await CreateDatabaseAsync(nowFactory, Path.Combine(nowDirectory, Database));
        await CopyWithoutIndexAsync(Path.Combine(nowDirectory, Database), Path.Combine(mainDirectory, Database));
        await using var main = Build(mainDirectory);
        var mainFactory = main.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();

        var loads = Loads(ev);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"each load {WarmUps} times to warm up, then {repeat} times, main and now taking turns; times in ms"));
        Console.WriteLine();
        Console.WriteLine("| load | main: median | main: p95 | now: median | now: p95 |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var load in loads)
        {
            var (before, after) = await MeasureAsync(mainFactory, nowFactory, load, repeat);
            var mainFigures = load.Main is null ? "— | —" : string.Create(CultureInfo.InvariantCulture, $"{Median(before):F1} | {P95(before):F1}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {load.Name} | {mainFigures} | {Median(after):F1} | {P95(after):F1} |"));
        }

        // What the index does on its own: the app's queries against main's database.
        var withoutIndex = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            withoutIndex.Add(await TimeAsync(mainFactory, loads[0].Now));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the app's queries on main's database (no index on the outbox's registrations), {loads[0].Name}, 3 runs: {string.Join(", ", withoutIndex.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
        Console.WriteLine();
        foreach (var load in loads)
        {
            Console.WriteLine($"{load.Name}: {await CompareAsync(mainFactory, nowFactory, load)}");
        }

        Console.WriteLine();
        Console.WriteLine("Query plans (EXPLAIN QUERY PLAN of each statement as EF Core sent it):");
        foreach (var load in loads)
        {
            Console.WriteLine();
            Console.WriteLine($"## {load.Name}");
            if (load.Main is not null)
            {
                Console.WriteLine("main:");
                await ExplainAsync(Path.Combine(mainDirectory, Database), load.Main);
            }

            Console.WriteLine("now:");
            await ExplainAsync(Path.Combine(nowDirectory, Database), load.Now);
        }

        return 0;
    }

    /// <summary>Migrates and fills the database, then describes what is in it.</summary>
    internal static async Task<Event> CreateDatabaseAsync(IDbContextFactory<RegistrationDbContext> factory, string path)
    {
        await using var db = await factory.CreateDbContextAsync();
        await SqliteDatabase.PrepareAsync(db, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var eventId = await AttendeeListData.PopulateAsync(db);
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        var seconds = clock.Elapsed.TotalSeconds;
        var registrations = await db.Registrations.CountAsync();
        var listed = await db.Registrations.Where(r => r.EventId == eventId).GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var checkedIn = await db.Registrations.CountAsync(r => r.EventId == eventId && r.CheckedInAtUtc != null);
        var messages = await db.Outbox.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var listedMessages = await db.Outbox.CountAsync(m => m.EventId == eventId);
        var megabytes = new System.IO.FileInfo(path).Length / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"database: {registrations} registrations, {messages.Sum(m => m.Count)} outbox rows ({string.Join(", ", messages.Select(m => $"{m.Count} {m.Key}"))}), {megabytes:F0} MiB, built in {seconds:F1} s"));
        Console.WriteLine($"listed event: {string.Join(", ", listed.Select(s => $"{s.Count} {s.Key}"))}, {checkedIn} checked in, {listedMessages} outbox rows");
        return await db.Events.AsNoTracking().SingleAsync(e => e.Id == eventId);
    }

    /// <summary>Main's side reads the very same rows, from a copy of the file without the index main lacks.</summary>
    private static async Task CopyWithoutIndexAsync(string from, string to)
    {
        SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
        await using var connection = new SqliteConnection(SqliteDatabase.ConnectionString(to));
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = "DROP INDEX IX_OutboxMessages_RegistrationId;";
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<(List<double> Main, List<double> Now)> MeasureAsync(
        IDbContextFactory<RegistrationDbContext> mainFactory, IDbContextFactory<RegistrationDbContext> nowFactory, Load load, int repeat)
    {
        var before = new List<double>();
        var after = new List<double>();
        for (var i = 0; i < WarmUps + repeat; i++)
        {
            var mainTime = load.Main is null ? 0 : await TimeAsync(mainFactory, load.Main);
            var nowTime = await TimeAsync(nowFactory, load.Now);
            if (i >= WarmUps)
            {
                before.Add(mainTime);
                after.Add(nowTime);
            }
        }

        return (before, after);
    }

    private static WebApplication Build(string directory) =>
        RegistrationApp.CreateBuilder([$"--Registration:DataDirectory={directory}", "--Logging:LogLevel:Default=Warning"]).Build();

    /// <summary>
    /// The grid loads as the page runs them (<see cref="AttendeeQueries.PageAsync"/>: count, then the page of
    /// rows), and the figures it refreshes every 5 seconds; main's side runs main's code for the same request.
    /// </summary>
    private static List<Load> Loads(Event ev)
    {
        const string searchedName = "Grace Hopper";
        var lastPage = (AttendeeListData.Registrations - 1) / PageSize * PageSize;
        return
        [
            Grid("first page", ev.Id, term: null, status: null, orderBy: null, skip: 0),
            Grid("next page", ev.Id, term: null, status: null, orderBy: null, skip: PageSize),
            Grid("last page", ev.Id, term: null, status: null, orderBy: null, skip: lastPage),
            Grid("sorted by name", ev.Id, term: null, status: null, orderBy: "Name asc", skip: 0),
            Grid("status filter: waiting", ev.Id, term: null, status: RegistrationStatus.Waitlisted, orderBy: null, skip: 0),
            Grid($"search \"{searchedName}\"", ev.Id, term: searchedName, status: null, orderBy: null, skip: 0),
            Grid("search with no match", ev.Id, term: "zzqx", status: null, orderBy: null, skip: 0),
            Grid("search \"fernandez\" (stored as Fernández)", ev.Id, term: "fernandez", status: null, orderBy: null, skip: 0),
            Grid("search \"manchester vegetarian\" (organisation and answer)", ev.Id, term: "manchester vegetarian", status: null, orderBy: null, skip: 0),
            SearchFilter(searchedName, ev.Id),
            SearchFilter("zzqx", ev.Id),
            new Load(
                "door page before typing (first 100 expected, A to Z)",
                Main: null,
                async db => Describe(await AttendeeQueries.DoorAsync(db, ev.Id, term: null, take: 100))),
            new Load(
                "search filter alone (count), \"fernandez\": folded in memory, against the folded column",
                async db => (await InMemoryCountAsync(db, ev.Id, "fernandez")).ToString(CultureInfo.InvariantCulture),
                async db => (await AttendeeQueries.Search(db, ev.Id, "fernandez", status: null).CountAsync()).ToString(CultureInfo.InvariantCulture)),
            new Load(
                "figures (every 5 s)",
                async db => (await AttendeeQueries.CountsAsync(db, ev)).ToString(),
                async db => (await AttendeeQueries.CountsAsync(db, ev)).ToString()),
        ];
    }

    /// <summary>
    /// The search filter alone, as the count of matches: main's <c>LIKE</c> on three columns against
    /// <c>instr</c> on the folded column. The registrations table is the same in both files.
    /// </summary>
    private static Load SearchFilter(string term, int eventId) => new(
        $"search filter alone (count), \"{term}\"",
        async db => (await MainAttendeeSearch.Search(db, eventId, term, status: null).CountAsync()).ToString(CultureInfo.InvariantCulture),
        async db => (await AttendeeQueries.Search(db, eventId, term, status: null).CountAsync()).ToString(CultureInfo.InvariantCulture));

    private static Load Grid(string name, int eventId, string? term, RegistrationStatus? status, string? orderBy, int skip) => new(
        name,
        async db =>
        {
            // main's LoadAsync in AttendeesPage.razor, with main's RowsAsync.
            var query = AttendeeQueries.Search(db, eventId, term, status);
            var total = await query.CountAsync();
            var ordered = string.IsNullOrEmpty(orderBy) ? query.OrderBy(r => r.Id) : query.OrderBy(orderBy);
            return Describe(new AttendeePage(total, await MainAttendeeRows.RowsAsync(db, ordered.Skip(skip).Take(PageSize))));
        },
        async db => Describe(await AttendeeQueries.PageAsync(db, eventId, term, status, orderBy, skip, PageSize)));

    /// <summary>
    /// The alternative to a stored folded column: read the event's searched fields and fold them in memory on
    /// every search. Measured beside the app's way (on the registrations table, which is the same in both
    /// files), not used by it.
    /// </summary>
    private static async Task<int> InMemoryCountAsync(RegistrationDbContext db, int eventId, string term)
    {
        var words = SearchFolding.Words(term);
        var all = await db.Registrations.AsNoTracking().Where(r => r.EventId == eventId)
            .Select(r => new { r.Name, r.Email, r.Organisation, r.Answers }).ToListAsync();
        return all.Count(r =>
        {
            var text = string.Join('\n', new[] { r.Name, r.Email, r.Organisation ?? string.Empty }.Concat(r.Answers.Values).Select(SearchFolding.Fold));
            return words.All(w => text.Contains(w, StringComparison.Ordinal));
        });
    }

    /// <summary>Every row's registration, position and latest email, in order, to compare both sides.</summary>
    private static string Describe(AttendeePage page) =>
        $"{page.Total} in all: " + string.Join("; ", page.Rows.Select(r => $"{r.Id} {r.Status} {r.WaitlistPosition} {r.LastMessageId} {r.LastMessageStatus} {r.LastMessageError}"));

    private static async Task<double> TimeAsync(IDbContextFactory<RegistrationDbContext> factory, Func<RegistrationDbContext, Task<string>> load)
    {
        var clock = Stopwatch.StartNew();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await load(db);
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<string> CompareAsync(IDbContextFactory<RegistrationDbContext> mainFactory, IDbContextFactory<RegistrationDbContext> nowFactory, Load load)
    {
        if (load.Main is null)
        {
            return "the app only";
        }

        string before, after;
        await using (var db = await mainFactory.CreateDbContextAsync())
        {
            before = await load.Main(db);
        }

        await using (var db = await nowFactory.CreateDbContextAsync())
        {
            after = await load.Now(db);
        }

        return before == after ? $"same result on both sides ({after.Split(':')[0]})" : $"RESULTS DIFFER\n  main: {before}\n  now:  {after}";
    }

    /// <summary>Runs the load once with every command recorded, then asks SQLite how it runs each one.</summary>
    private static async Task ExplainAsync(string path, Func<RegistrationDbContext, Task<string>> load)
    {
        var log = new StatementLog();
        var options = new DbContextOptionsBuilder<RegistrationDbContext>().UseSqlite(SqliteDatabase.ConnectionString(path)).AddInterceptors(log).Options;
        await using (var db = new RegistrationDbContext(options))
        {
            await load(db);
        }

        await using var connection = new SqliteConnection(SqliteDatabase.ConnectionString(path));
        await connection.OpenAsync();
        foreach (var (sql, parameters) in log.Statements)
        {
            Console.WriteLine($"  {Regex.Replace(sql, @"\s+", " ")}");
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters)
            {
                explain.Parameters.AddWithValue(name, value);
            }

            var depths = new Dictionary<long, int>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var depth = depths.TryGetValue(reader.GetInt64(1), out var parent) ? parent + 1 : 0;
                depths[reader.GetInt64(0)] = depth;
                Console.WriteLine($"    {new string(' ', depth * 2)}{reader.GetString(3)}");
            }
        }
    }

    private static double Median(List<double> times) => Percentile(times, 0.5);

    private static double P95(List<double> times) => Percentile(times, 0.95);

    /// <summary>Nearest rank: with 20 runs the p95 is the 19th fastest.</summary>
    private static double Percentile(List<double> times, double fraction)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
    }

    /// <summary>One load timed on both sides; <paramref name="Main"/> is null for what main had no counterpart of.</summary>
    private sealed record Load(string Name, Func<RegistrationDbContext, Task<string>>? Main, Func<RegistrationDbContext, Task<string>> Now);

    /// <summary>Keeps each command EF Core sends, with its parameters, so its plan can be asked for.</summary>
    private sealed class StatementLog : DbCommandInterceptor
    {
        public List<(string Sql, List<(string Name, object Value)> Parameters)> Statements { get; } = [];

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Note(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Note(command);
            return ValueTask.FromResult(result);
        }

        private void Note(DbCommand command) =>
            Statements.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value)).ToList()));
    }
}
