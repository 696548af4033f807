using System.Text.RegularExpressions;
using Registration.Tests.Support;

namespace Registration.Tests.Architecture;

/// <summary>
/// Features use Domain, Data and Infrastructure; those never reach into a feature (features plug in
/// through interfaces such as ICommitObserver and IDatabaseStartupStep instead). Read from the source,
/// because a using directive or a qualified name is how such a reference is written.
/// </summary>
public sealed partial class DependencyDirectionTests
{
    private static readonly string Project = Path.Combine(RepositoryPaths.Root, "src", "Registration.Web");

    [Theory]
    [InlineData("Domain")]
    [InlineData("Data")]
    [InlineData("Infrastructure")]
    public void Folder_does_not_refer_to_any_feature(string folder)
    {
        var references = SourceFiles(Path.Combine(Project, folder))
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, number: index + 1)))
            .Where(l => FeatureReference().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(Project, l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.Empty(references);
    }

    /// <summary>A global using of a feature would let the folders above use it without a line this test sees.</summary>
    [Fact]
    public void No_feature_is_imported_globally()
    {
        var globals = SourceFiles(Project)
            .Append(Path.Combine(Project, "Registration.Web.csproj"))
            .Where(path => File.ReadLines(path).Any(line => GlobalFeatureUsing().IsMatch(line)))
            .Select(path => Path.GetRelativePath(Project, path))
            .ToList();

        Assert.Empty(globals);
    }

    private static IEnumerable<string> SourceFiles(string folder)
    {
        Assert.True(Directory.Exists(folder), $"{folder} not found");
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !path.Contains($"{separator}bin{separator}", StringComparison.Ordinal));
    }

    // The full name, or one relative to the enclosing Registration.Web namespace ("Features.Email.X");
    // not a member called Features, such as HttpContext.Features.
    [GeneratedRegex(@"Registration\.Web\.Features\b|(?<![\w.])Features\.[A-Z]")]
    private static partial Regex FeatureReference();

    [GeneratedRegex(@"global\s+using\s+(static\s+)?(\w+\s*=\s*)?(global::)?Registration\.Web\.Features|<Using\s+Include=""Registration\.Web\.Features")]
    private static partial Regex GlobalFeatureUsing();
}
