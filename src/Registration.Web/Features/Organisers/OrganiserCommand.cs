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
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output)
    {
        if (args.Length < 2 || args[0] != "add")
        {
            await output.WriteLineAsync("usage: organiser add EMAIL [--role Admin|Organiser]   (the password is read from standard input)");
            return 2;
        }

        var email = args[1];
        var role = args.Length >= 4 && args[2] == "--role" ? args[3] : Organiser.OrganiserRole;
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
