using Registration.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Registration.Web.Features.Import;

/// <summary><c>import PATH...</c>: one line per file, then a summary. Exit code 1 only when a path cannot be read at all.</summary>
internal static class ImportCommand
{
    public static async Task<int> RunAsync(string[] paths, TextWriter output)
    {
        if (paths.Length == 0)
        {
            await output.WriteLineAsync("usage: import PATH... (Jekyll event pages, or folders of them)");
            return 2;
        }

        var builder = RegistrationApp.CreateBuilder([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        var dbFactory = host.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await SqliteDatabase.PrepareAsync(db, CancellationToken.None);
        }

        var report = await host.Services.GetRequiredService<EventImporter>().ImportAsync(paths);
        foreach (var file in report.Files)
        {
            await output.WriteLineAsync($"{file.Outcome.ToString().ToLowerInvariant(),-9} {file.Detail}  ({file.Path})");
        }

        foreach (var path in report.UnreadablePaths)
        {
            await output.WriteLineAsync($"error     cannot read {path}: no such file or folder");
        }

        await output.WriteLineAsync(
            $"{report.Files.Count} files: {report.Count(ImportOutcome.Created)} created, {report.Count(ImportOutcome.Updated)} updated, " +
            $"{report.Count(ImportOutcome.Unchanged)} unchanged, {report.Count(ImportOutcome.Skipped)} skipped" +
            (report.UnreadablePaths.Count > 0 ? $"; {report.UnreadablePaths.Count} paths could not be read" : string.Empty));
        return report.UnreadablePaths.Count > 0 ? 1 : 0;
    }
}
