using System.Diagnostics;

namespace Registration.Tests.Support;

/// <summary>
/// Another process holding the app's SQLite database for writing, as a backup tool or someone at the
/// sqlite3 prompt would: Python's sqlite3 module opens the same file and keeps <c>BEGIN IMMEDIATE</c> for
/// a while, then rolls back.
/// </summary>
public sealed class OtherWriter : IDisposable
{
    private const string Script = """
        import sqlite3, sys, time
        db = sqlite3.connect(sys.argv[1], isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
        db.execute("ROLLBACK")
        db.close()
        """;

    private readonly Process _process;

    private OtherWriter(Process process) => _process = process;

    /// <summary>Returns once the other process holds the write lock.</summary>
    public static async Task<OtherWriter> HoldAsync(string databasePath, TimeSpan duration)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(databasePath);
        start.ArgumentList.Add(duration.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync();
        if (line != "held")
        {
            await process.WaitForExitAsync();
            var error = await process.StandardError.ReadToEndAsync();
            process.Dispose();
            throw new InvalidOperationException($"The other writer could not take the database: {error}");
        }

        return new OtherWriter(process);
    }

    /// <summary>Waits until the other process has let go of the database and exited.</summary>
    public async Task ReleasedAsync()
    {
        await _process.WaitForExitAsync();
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The other writer failed: {await _process.StandardError.ReadToEndAsync()}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
