using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Registration.Tests.Support;

/// <summary>One received email, as Python's standard email parser reads it.</summary>
public sealed partial record ReceivedMail(
    string File,
    Dictionary<string, string[]> Headers,
    string? Text,
    string? Html,
    ReceivedAttachment[] Attachments,
    ReceivedImage[] Images,
    bool MultipartAlternative,
    string[] Defects)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var values) ? string.Join("\n", values) : string.Empty;

    public string Subject => Header("subject");

    public string To => Header("to");

    /// <summary>The manage link's token in the plain-text part, if the message carries one.</summary>
    public string? ManageToken => Text is not null && TokenPattern().Match(Text) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"manage\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex TokenPattern();
}

public sealed record ReceivedAttachment(string ContentType, string? Method, string? FileName, string Content);

public sealed record ReceivedImage(string ContentId, string Base64);

/// <summary>
/// A folder of delivered mail: the app's pickup folder (.eml files) or the maildir of the test SMTP
/// server. Messages are parsed by Python's email package, a real MIME parser.
/// </summary>
public sealed class MailDrop(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Directory => directory;

    public IReadOnlyList<string> Files() =>
        System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && Path.GetFileName(Path.GetDirectoryName(f)) != "tmp")
                .OrderBy(f => System.IO.File.GetLastWriteTimeUtc(f)).ThenBy(f => f, StringComparer.Ordinal)
                .ToList()
            : [];

    public async Task<IReadOnlyList<ReceivedMail>> ReadAllAsync()
    {
        // The pickup folder gets each .eml written in place, so a file may still be growing: one written in
        // the last few seconds that does not yet end with a MIME closing delimiter is left for the next look.
        var files = Files().Where(IsComplete).ToList();
        return files.Count == 0 ? [] : await ParseAsync(files);
    }

    private static bool IsComplete(string file)
    {
        if (DateTime.UtcNow - System.IO.File.GetLastWriteTimeUtc(file) > TimeSpan.FromSeconds(5))
        {
            return true;
        }

        var text = System.IO.File.ReadAllText(file).TrimEnd();
        return text.EndsWith("--", StringComparison.Ordinal);
    }

    /// <summary>Waits until the mail matching <paramref name="match"/> has arrived (delivery runs in the background).</summary>
    public async Task<ReceivedMail> WaitForAsync(Func<ReceivedMail, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = (await ReadAllAsync()).LastOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                var seen = string.Join("; ", (await ReadAllAsync()).Select(m => $"{m.To}: {m.Subject}"));
                throw new TimeoutException($"No matching mail in {directory}. Seen: {seen}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<IReadOnlyList<ReceivedMail>> WaitForCountAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (Files().Count(IsComplete) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} messages in {directory}, found {Files().Count}.");
            }

            await Task.Delay(100);
        }

        return await ReadAllAsync();
    }

    public async Task<string> ManageTokenForAsync(string email) =>
        (await WaitForAsync(m => m.To.Contains(email, StringComparison.OrdinalIgnoreCase) && m.ManageToken is not null)).ManageToken!;

    private static async Task<IReadOnlyList<ReceivedMail>> ParseAsync(IReadOnlyList<string> files)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Support", "read_mail.py"));
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"read_mail.py failed: {error}");
        }

        return JsonSerializer.Deserialize<List<ReceivedMail>>(output, Json)!;
    }
}
