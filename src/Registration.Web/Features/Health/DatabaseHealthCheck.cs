using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Registration.Web.Data;

namespace Registration.Web.Features.Health;

/// <summary>
/// Healthy when the database answers and a write can get it. Reading alone is not enough: in WAL mode
/// pages still read while another process holds the write lock, and every sign-up would be failing.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<RegistrationDbContext> dbFactory) : IHealthCheck
{
    /// <summary>Short, so that a monitor hears of a stall well before a sign-up gives up on it.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

            // Taking the write lock and rolling back, without writing, costs no disk write.
            await using var write = await EventWriteLock.BeginAsync(db, eventId: null, WriteTimeout, cancellationToken);
            _ = await db.Events.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (DatabaseBusyException ex)
        {
            return HealthCheckResult.Unhealthy($"Writes cannot get the database: another writer has held it for over {WriteTimeout.TotalSeconds:0} s.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
        }
    }
}
