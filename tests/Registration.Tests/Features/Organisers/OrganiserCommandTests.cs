using Registration.Tests.Support;

namespace Registration.Tests.Features.Organisers;

/// <summary>The <c>organiser add</c> command as an administrator runs it: its own process, the password piped in.</summary>
public sealed class OrganiserCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_first_organiser_is_an_admin_and_weak_passwords_are_refused()
    {
        var first = await RunAsync("correct horse battery staple\n", "organiser", "add", "ada@example.org");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal("created ada@example.org (Admin)", first.Output.Trim());

        var second = await RunAsync("another long passphrase\n", "organiser", "add", "grace@example.org");
        Assert.Equal("created grace@example.org (Organiser)", second.Output.Trim());

        var weak = await RunAsync("short\n", "organiser", "add", "weak@example.org");
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("at least 12 characters", weak.Output, StringComparison.Ordinal);

        var duplicate = await RunAsync("correct horse battery staple\n", "organiser", "add", "ada@example.org");
        Assert.Equal(1, duplicate.ExitCode);
    }

    private Task<(int ExitCode, string Output)> RunAsync(string stdin, params string[] args) => AppProcess.RunAsync(_folder.Path, stdin, args);
}
