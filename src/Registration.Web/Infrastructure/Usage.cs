namespace Registration.Web.Infrastructure;

/// <summary>
/// One command of the app's command line: its name (the first argument), a one-line summary for the list
/// <c>--help</c> prints, its usage (first line <c>usage: NAME ...</c>, printed for <c>NAME --help</c>) and what
/// runs it with the arguments after the name, standard input and standard output, giving the exit code.
/// </summary>
internal sealed record AppCommand(string Name, string Summary, string Usage, Func<string[], TextReader, TextWriter, Task<int>> RunAsync)
{
    /// <summary>The usage's first line without "usage: ", as the list of commands shows it.</summary>
    public string Synopsis => Usage.Split('\n')[0]["usage: ".Length..];
}

/// <summary>
/// Reads the command line: a command, help, or the settings the web app starts with. Help is answered before
/// any settings are read, so asking for it never creates the data folder or a database; and nothing that is
/// neither a command nor a setting starts the web app (an unknown word used to be ignored, and the server
/// started as if the command had been run).
/// </summary>
internal static class Usage
{
    /// <summary>The exit code of a command line that is not understood (as getopt's users and sysexits' EX_USAGE convention expect).</summary>
    public const int WrongUsage = 2;

    /// <summary>
    /// The app's own executable as it was started: the published binary on a server, the built one under
    /// <c>dotnet run</c>. Messages name it so the command they suggest works where the app runs.
    /// </summary>
    public static string Executable => Environment.ProcessPath ?? "Registration.Web";

    /// <summary>
    /// Runs the command the arguments name, or prints help; null when the arguments are for the web app
    /// (none, or only settings such as <c>--urls URL</c>). Everything is written to <paramref name="output"/>,
    /// as the commands themselves have always done, so a script or a test reads one stream.
    /// </summary>
    public static async Task<int?> RunAsync(IReadOnlyList<AppCommand> commands, string[] args, TextReader input, TextWriter output)
    {
        if (args.Length == 0)
        {
            return null;
        }

        if (commands.FirstOrDefault(c => c.Name == args[0]) is { } command)
        {
            if (args.Skip(1).Any(IsHelp))
            {
                await output.WriteAsync(WithNewLine(command.Usage));
                return 0;
            }

            return await command.RunAsync(args[1..], input, output);
        }

        if (args.Any(IsHelp))
        {
            await output.WriteAsync(Text(commands));
            return 0;
        }

        if (NotASetting(args) is not { } problem)
        {
            return null;
        }

        await output.WriteLineAsync(problem);
        await output.WriteLineAsync();
        await output.WriteAsync(Text(commands));
        return WrongUsage;
    }

    public static string Text(IReadOnlyList<AppCommand> commands) => $"""
        usage: {Executable} [COMMAND]

        With no command, runs the web app (--urls URL chooses where it listens). The commands:

        {string.Join("\n", commands.Select(c => $"  {c.Synopsis}\n      {c.Summary}"))}

          COMMAND --help, -h   show the command's usage and exit
          --help, -h           show this and exit

        Settings come from appsettings.json beside the binary, then from environment variables, which win:
        Registration__DataDirectory, Registration__PublicBaseUrl, ASPNETCORE_URLS, ... (see the README).
        Run the commands with the same settings, and as the same user, as the web app; they never start it.

        """;

    private static bool IsHelp(string arg) => arg is "--help" or "-h";

    private static string WithNewLine(string text) => text.EndsWith('\n') ? text : text + "\n";

    /// <summary>
    /// What is wrong with the first argument the host's command-line settings would not read as a setting,
    /// reading them as it does (without switch mappings): <c>--name value</c>, <c>--name=value</c>,
    /// <c>/name value</c>, <c>/name=value</c> and <c>name=value</c>. The host skips anything else without a
    /// word, such as a mistyped command or <c>-x</c>; here it is refused. Tests' hosts pass <c>--name=value</c>.
    /// </summary>
    private static string? NotASetting(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var prefix = arg.StartsWith("--", StringComparison.Ordinal) ? 2 : arg.StartsWith('/') ? 1 : arg.StartsWith('-') ? -1 : 0;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (prefix < 0 || equals == prefix || arg.Length == prefix)
            {
                return $"'{arg}' is not an option or a setting (settings are --name value, like --urls http://127.0.0.1:8080).";
            }

            if (equals > 0)
            {
                continue;
            }

            if (prefix == 0)
            {
                return $"'{arg}' is not a command.";
            }

            if (++i == args.Length)
            {
                return $"'{arg}' needs a value.";
            }
        }

        return null;
    }
}
