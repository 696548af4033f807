using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Registration.Tests.Support;

/// <summary>
/// The app's own binary serving HTTP on a free loopback port, as it runs in production: its own process, the
/// Production environment, settings from environment variables, a data folder of its own.
/// </summary>
public sealed partial class AppServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _folder;
    private readonly StringBuilder _output;

    private AppServer(Process process, TempDirectory folder, Uri baseAddress, StringBuilder output)
    {
        _process = process;
        _folder = folder;
        BaseAddress = baseAddress;
        _output = output;
    }

    public Uri BaseAddress { get; }

    /// <summary>The working directory; <see cref="AppProcess"/> run here uses the same data folder.</summary>
    public string Folder => _folder.Path;

    public string DataDirectory => Path.Combine(_folder.Path, "data");

    public MailDrop Mail => new(Path.Combine(DataDirectory, "mail"));

    /// <summary>What the app has written so far, standard output and standard error interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the app listening on 127.0.0.1 (a free port) and waits until it says it is listening.</summary>
    public static async Task<AppServer> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var folder = new TempDirectory();
        var process = Start(folder.Path, settings, ["--urls", "http://127.0.0.1:0"]);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            folder.Dispose();
            lock (output)
            {
                throw new InvalidOperationException($"The app did not start listening:\n{output}");
            }
        }

        return new AppServer(process, folder, await listening.Task, output);
    }

    /// <summary>Runs the app with these settings, expecting it to refuse to start; gives its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunUntilExitAsync(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        using var folder = new TempDirectory();
        using var process = Start(folder.Path, settings, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The app kept running with these settings:\n{await output}");
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>A client that keeps no cookies and follows no redirects, so a test sees exactly what the app sent.</summary>
    public HttpClient CreateClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _folder.Dispose();
    }

    private static Process Start(string folder, IReadOnlyDictionary<string, string> settings, string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Registration.Web"))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing from the test runner's own environment decides how the app listens or which settings apply.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "DOTNET_ENVIRONMENT", "ASPNETCORE_FORWARDEDHEADERS_ENABLED" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Registration__DataDirectory"] = Path.Combine(folder, "data");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return Process.Start(start)!;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
