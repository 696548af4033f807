using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Registration.Tests.Support;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd, storing what it receives in a maildir. It
/// records the envelope too (X-MailFrom, X-RcptTo headers), so tests see who the mail really went to.
/// Started with a delay, it waits that long before accepting each message (Support/slow_mailbox.py).
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private Process? _process;

    private SmtpServer(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public MailDrop Mail => new(Path.Combine(_folder.Path, "maildir"));

    public static async Task<SmtpServer> StartAsync(TimeSpan? delayPerMessage = null)
    {
        var server = new SmtpServer(FreePort());
        await server.StartAgainAsync(delayPerMessage);
        return server;
    }

    /// <summary>Starts the server (again) on the same port and maildir, with or without a delay per message.</summary>
    public async Task StartAgainAsync(TimeSpan? delayPerMessage = null)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        var maildir = Path.Combine(_folder.Path, "maildir");
        string[] handler = delayPerMessage is { } delay
            ? ["slow_mailbox.SlowMailbox", maildir, delay.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["aiosmtpd.handlers.Mailbox", maildir];
        start.Environment["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "Support");
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c" }.Concat(handler))
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 -m aiosmtpd did not start; run ./test.sh, which installs python3-aiosmtpd.");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await AnswersAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The SMTP server did not come up: {await _process.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(50);
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            using var reader = new StreamReader(client.GetStream());
            return (await reader.ReadLineAsync())?.StartsWith("220", StringComparison.Ordinal) == true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
