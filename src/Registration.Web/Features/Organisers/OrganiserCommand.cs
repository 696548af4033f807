using System.Text;
using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Organisers;

/// <summary>
/// <c>organiser add EMAIL [--role Admin|Organiser]</c>. The password comes from standard input, never
/// from the command line (where it would sit in shell history and the process list).
/// </summary>
internal static class OrganiserCommand
{
    public const string Summary = "create an organiser; the password is read from standard input";

    public const string Usage = """
        usage: organiser add EMAIL [--role Admin|Organiser]

        Creates an organiser account. The password is read from standard input (typed without showing, or
        piped), never from the command line. The first organiser is an Admin; later ones are Organisers
        unless --role says otherwise.
        """;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output)
    {
        // Anything else, such as a mistyped --role, would otherwise make an account with a role not asked for.
        if (args is not (["add", _] or ["add", _, "--role", _]))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        var email = args[1];
        var role = args.Length == 4 ? args[3] : Organiser.OrganiserRole;
        var password = Console.IsInputRedirected || input != Console.In ? await input.ReadLineAsync() : ReadHidden(output);
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("No password given on standard input.");
            return 1;
        }

        var builder = RegistrationApp.CreateBuilder([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>().CreateDbContextAsync())
        {
            await SqliteDatabase.PrepareAsync(db, CancellationToken.None);
        }

        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync(email, password, role);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await output.WriteLineAsync(error);
            }

            return 1;
        }

        await output.WriteLineAsync($"created {email.Trim()} ({result.Role})");
        return 0;
    }

    private static string ReadHidden(TextWriter output)
    {
        output.Write("Password: ");
        var password = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && password.Length > 0)
            {
                password.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        output.WriteLine();
        return password.ToString();
    }
}
