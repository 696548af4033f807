using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Samples;
using Registration.Web.Infrastructure;

namespace Registration.Web.Data;

/// <summary>Runs before the server takes requests: migrations (and check-in codes for registrations from before them), then sample events on an empty database.</summary>
internal sealed class DatabaseInitializer(
    IDbContextFactory<RegistrationDbContext> dbFactory,
    SampleData sampleData,
    CheckInCodes checkInCodes,
    IOptions<RegistrationOptions> options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await SqliteDatabase.PrepareAsync(db, cancellationToken);
            await checkInCodes.AssignMissingAsync(db, cancellationToken);
            await SearchIndex.FillMissingAsync(db, cancellationToken);
        }

        logger.LogInformation("Database ready at {Path}", options.Value.DatabasePath);
        if (options.Value.SeedSampleData)
        {
            await sampleData.SeedIfEmptyAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
