namespace Registration.Web.Infrastructure;

/// <summary>
/// What <c>--help</c> prints. Answered before any settings are read, so asking for help never creates the
/// data folder or a database.
/// </summary>
internal static class Usage
{
    /// <summary>
    /// The app's own executable as it was started: the published binary on a server, the built one under
    /// <c>dotnet run</c>. Messages name it so the command they suggest works where the app runs.
    /// </summary>
    public static string Executable => Environment.ProcessPath ?? "Registration.Web";

    public static bool IsRequested(string[] args) => args is ["--help" or "-h", ..];

    public static string Text => $"""
        usage: {Executable} [COMMAND]

          (no command)                                   run the web app (--urls URL chooses where it listens)
          import PATH...                                 import Jekyll event pages, or folders of them
          organiser add EMAIL [--role Admin|Organiser]   create an organiser; the password is read from standard input
          --help, -h                                     show this and exit

        Settings come from appsettings.json beside the binary, then from environment variables, which win:
        Registration__DataDirectory, Registration__PublicBaseUrl, ASPNETCORE_URLS, ... (see the README).
        Run the commands with the same settings, and as the same user, as the web app.

        """;
}
