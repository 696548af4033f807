namespace Registration.Tests.Support;

public static class RepositoryPaths
{
    /// <summary>The repository root: the folder above the test binaries that holds Registration.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Registration.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Registration.sln not found above " + AppContext.BaseDirectory);
    }
}
