using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Web.Infrastructure;

namespace Registration.Web.Data;

/// <summary>
/// Runs before the server takes requests: migrations, then the features' <see cref="IDatabaseStartupStep"/>s
/// phase by phase (check-in codes and search text for registrations from before them, then sample events on an empty database).
/// </summary>
internal sealed class DatabaseInitializer(
    IDbContextFactory<RegistrationDbContext> dbFactory,
    IEnumerable<IDatabaseStartupStep> steps,
    IOptions<RegistrationOptions> options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await SqliteDatabase.PrepareAsync(db, cancellationToken);
        }

        logger.LogInformation("Database ready at {Path}", options.Value.DatabasePath);

        // OrderBy is stable: within a phase, steps run in the order their features were added.
        foreach (var step in steps.OrderBy(s => s.Phase))
        {
            await step.RunAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
