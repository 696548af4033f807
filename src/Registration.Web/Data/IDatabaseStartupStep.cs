namespace Registration.Web.Data;

/// <summary>
/// Work a feature needs done on the database before the server takes requests, after the migrations
/// (see <see cref="DatabaseInitializer"/>). Features register theirs with their services, so the data
/// layer knows nothing of what they do.
/// </summary>
public interface IDatabaseStartupStep
{
    DatabaseStartupPhase Phase { get; }

    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>When a start-up step runs: every step of one phase finishes before the next phase starts.</summary>
public enum DatabaseStartupPhase
{
    /// <summary>Completes rows that a migration could not (it has no access to the app's keys, say).</summary>
    RepairRows,

    /// <summary>Adds content, to a database whose existing rows are already whole.</summary>
    AddContent,
}
