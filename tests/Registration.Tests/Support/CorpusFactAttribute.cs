namespace Registration.Tests.Support;

/// <summary>
/// A test over the organisation's real event archive, which lives beside the repository
/// (<c>../shared/corpus/connectedbydata-events</c>) and is never copied into it: skipped, saying where it
/// was looked for, on a machine without it.
/// </summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    private static readonly string Expected = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "corpus", "connectedbydata-events"));

    public CorpusFactAttribute()
    {
        if (Folder is null)
        {
            Skip = $"The event archive is not at {Expected}.";
        }
    }

    /// <summary>The archive's folder, or null when it is not there.</summary>
    public static string? Folder { get; } = Directory.Exists(Expected) ? Expected : null;
}
