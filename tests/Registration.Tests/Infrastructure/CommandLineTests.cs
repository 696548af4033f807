using Registration.Tests.Support;
using Registration.Web;

namespace Registration.Tests.Infrastructure;

/// <summary>
/// The app's own binary as someone meets it on a server with no source: help that touches nothing, a wrong
/// command that says so, and a start-up hint that names the binary actually running.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private string DataDirectory => Path.Combine(_folder.Path, "data");

    private static string Binary => Path.Combine(AppContext.BaseDirectory, "Registration.Web");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_and_creates_no_data_folder(string flag)
    {
        var (exitCode, output, errors) = await AppServer.RunUntilExitAsync(
            new Dictionary<string, string> { ["Registration:DataDirectory"] = DataDirectory }, flag);

        Assert.Equal(0, exitCode);
        Assert.Empty(errors);
        Assert.StartsWith($"usage: {Binary} [COMMAND]", output, StringComparison.Ordinal);
        Assert.Subset(RegistrationApp.Commands.Select(c => c.Name).ToHashSet(), new HashSet<string> { "import", "organiser", "backup", "restore", "privacy" });
        foreach (var command in RegistrationApp.Commands)
        {
            Assert.Contains($"\n  {command.Synopsis}\n      {command.Summary}\n", output, StringComparison.Ordinal);
        }

        Assert.Contains("import [--site-url URL] [--replace-edited] PATH...", output, StringComparison.Ordinal);
        Assert.Contains("organiser add EMAIL [--role Admin|Organiser]", output, StringComparison.Ordinal);
        Assert.Contains("backup DIR", output, StringComparison.Ordinal);
        Assert.Contains("restore DIR", output, StringComparison.Ordinal);
        Assert.Contains("Registration__DataDirectory", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory));
    }

    public static TheoryData<string, string> EveryCommandWithAHelpFlag()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in RegistrationApp.Commands)
        {
            data.Add(command.Name, "--help");
            data.Add(command.Name, "-h");
        }

        return data;
    }

    /// <summary>Asking a command for help runs nothing: no data folder, no database, whatever else is on the line.</summary>
    [Theory]
    [MemberData(nameof(EveryCommandWithAHelpFlag))]
    public async Task Every_command_answers_help_with_its_usage_and_touches_nothing(string name, string flag)
    {
        var command = Assert.Single(RegistrationApp.Commands, c => c.Name == name);
        foreach (var args in new string[][] { [name, flag], [name, "add", "ada@example.org", flag], [name, _folder.Path, flag] })
        {
            var (exitCode, output, errors) = await AppServer.RunUntilExitAsync(
                new Dictionary<string, string> { ["Registration:DataDirectory"] = DataDirectory }, args);

            Assert.Equal(0, exitCode);
            Assert.Empty(errors);
            Assert.Equal(command.Usage.TrimEnd('\n') + "\n", output);
            Assert.StartsWith($"usage: {name} ", output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(DataDirectory));
        }
    }

    /// <summary>
    /// Each of these used to start the web server (an unknown word was ignored) or do something not asked
    /// for; now each prints the usage and exits 2, before any settings are read, and nothing listens.
    /// </summary>
    [Theory]
    [InlineData("bakup", "usage: {binary} [COMMAND]")]
    [InlineData("backup", "usage: backup DIR")]
    [InlineData("backup a b", "usage: backup DIR")]
    [InlineData("backup --into a", "usage: backup DIR")]
    [InlineData("backup ", "usage: backup DIR")]
    [InlineData("restore", "usage: restore DIR")]
    [InlineData("restore ", "usage: restore DIR")]
    [InlineData("restore a b", "usage: restore DIR")]
    [InlineData("import", "usage: import [--site-url URL]")]
    [InlineData("import --site-url", "usage: import [--site-url URL]")]
    [InlineData("import --replace pages", "usage: import [--site-url URL]")]
    [InlineData("organiser add ada@example.org --rol Admin", "usage: organiser add EMAIL")]
    [InlineData("organiser add ada@example.org Admin", "usage: organiser add EMAIL")]
    [InlineData("privacy", "usage: privacy run | privacy erase EMAIL")]
    [InlineData("privacy start", "usage: privacy run | privacy erase EMAIL")]
    [InlineData("privacy run now", "usage: privacy run | privacy erase EMAIL")]
    [InlineData("privacy erase", "usage: privacy run | privacy erase EMAIL")]
    [InlineData("privacy erase not-an-address", "'not-an-address' is not an email address.")]
    [InlineData("privacy erase a@example.org b@example.org", "usage: privacy run | privacy erase EMAIL")]
    [InlineData("--urls http://127.0.0.1:0 backup", "usage: {binary} [COMMAND]")]
    [InlineData("-x", "usage: {binary} [COMMAND]")]
    [InlineData("--urls", "usage: {binary} [COMMAND]")]
    public async Task An_unknown_command_or_wrong_arguments_print_the_usage_exit_2_and_start_nothing(string line, string usage)
    {
        var (exitCode, output, errors) = await AppServer.RunUntilExitAsync(
            new Dictionary<string, string> { ["Registration:DataDirectory"] = DataDirectory }, line.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Empty(errors);
        Assert.Contains(usage.Replace("{binary}", Binary, StringComparison.Ordinal), output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory));
    }

    [Fact]
    public async Task An_unknown_word_is_named_before_the_usage()
    {
        var (_, output, _) = await AppServer.RunUntilExitAsync(
            new Dictionary<string, string> { ["Registration:DataDirectory"] = DataDirectory }, "bakup", "/tmp/x");

        Assert.StartsWith($"'bakup' is not a command.\n\nusage: {Binary} [COMMAND]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("organiser")]
    [InlineData("organiser", "remove", "ada@example.org")]
    public async Task An_organiser_command_it_does_not_know_fails_with_the_usage(params string[] args)
    {
        var (exitCode, output, _) = await AppServer.RunUntilExitAsync(
            new Dictionary<string, string> { ["Registration:DataDirectory"] = DataDirectory }, args);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("usage: organiser add EMAIL", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory));
    }

    [Fact]
    public async Task With_no_organiser_the_start_up_hint_names_this_binary()
    {
        await using var server = await AppServer.StartAsync(new Dictionary<string, string>());

        await Eventually.TrueAsync(() => Task.FromResult(server.Output.Contains("No organiser account exists yet", StringComparison.Ordinal)));
        Assert.Contains($"or run: {Binary} organiser add EMAIL", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet run", server.Output, StringComparison.Ordinal);
    }
}
