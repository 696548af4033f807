using System.Diagnostics;

namespace Registration.Tests.Support;

/// <summary>Runs the app's own binary as a command, the way an administrator types it, in a folder of its own.</summary>
public static class AppProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string? standardInput, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Registration.Web"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Registration__DataDirectory"] = Path.Combine(workingDirectory, "data");
        using var process = Process.Start(start)!;
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
