using Registration.Tests.Support;

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
        Assert.Contains("import PATH...", output, StringComparison.Ordinal);
        Assert.Contains("organiser add EMAIL [--role Admin|Organiser]", output, StringComparison.Ordinal);
        Assert.Contains("Registration__DataDirectory", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory));
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
