using Registration.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Registration.Web.Features.Import;

/// <summary>
/// <c>import [--site-url URL] [--replace-edited] PATH...</c>: one line per file, then a summary. Exit code 1
/// only when a path cannot be read at all. The site URL (or the setting <c>Import:SiteUrl</c>) is the old
/// site's address. Events changed here are kept unless <c>--replace-edited</c> asks for the pages over them.
/// </summary>
internal static class ImportCommand
{
    public const string Summary = "import Jekyll event pages, or folders of them";

    public const string Usage = """
        usage: import [--site-url URL] [--replace-edited] PATH...

        Imports Jekyll event pages (markdown files with front matter), or folders of them, as often as you like;
        prints one line per file and a summary. Exit code 1 when a path cannot be read at all.

          --site-url URL      the old site's address, like https://connectedbydata.org, for {{ site.baseurl }}
                              and root-relative links (default: the setting Import:SiteUrl)
          --replace-edited    apply pages over events changed here too (by default those are kept)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var paths = new List<string>();
        string? siteUrlText = null;
        var replaceEdited = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--site-url")
            {
                if (i + 1 == args.Length)
                {
                    await output.WriteLineAsync(Usage);
                    return 2;
                }

                siteUrlText = args[++i];
            }
            else if (args[i] == "--replace-edited")
            {
                replaceEdited = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                // A mistyped option would otherwise be read as a path that cannot be found.
                await output.WriteLineAsync(Usage);
                return 2;
            }
            else
            {
                paths.Add(args[i]);
            }
        }

        if (paths.Count == 0)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        var builder = RegistrationApp.CreateBuilder([]);
        siteUrlText ??= builder.Configuration["Import:SiteUrl"];
        var siteUrl = JekyllSite.ParseUrl(siteUrlText, out var error);
        if (error is not null)
        {
            await output.WriteLineAsync($"error     {error}");
            return 2;
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        var dbFactory = host.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await SqliteDatabase.PrepareAsync(db, CancellationToken.None);
        }

        var report = await host.Services.GetRequiredService<EventImporter>().ImportAsync(paths, siteUrl, replaceEdited);
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
            (report.Count(ImportOutcome.Kept) is var kept and > 0 ? $"; {kept} kept because {(kept == 1 ? "it was" : "they were")} edited here" : string.Empty) +
            (report.UnreadablePaths.Count > 0 ? $"; {report.UnreadablePaths.Count} paths could not be read" : string.Empty));
        if (report.NeedingReview > 0)
        {
            // Guessed times, places and zones are worth a look before anyone registers.
            await output.WriteLineAsync(
                $"{(report.NeedingReview == 1 ? "1 event needs" : $"{report.NeedingReview} events need")} review: the import left notes on {(report.NeedingReview == 1 ? "it" : "them")} (a time, place or time zone read from the page text, or something left out). " +
                "Sign in and open All events, Needs review (/organiser/events?show=review) to see the notes and mark them reviewed.");
        }

        return report.UnreadablePaths.Count > 0 ? 1 : 0;
    }
}
