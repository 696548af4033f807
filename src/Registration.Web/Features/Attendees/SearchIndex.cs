using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;

namespace Registration.Web.Features.Attendees;

/// <summary>Registrations saved before search folding (migration AttendeeSearch) get their folded text when the app starts.</summary>
internal sealed class SearchIndex(IDbContextFactory<RegistrationDbContext> dbFactory) : IDatabaseStartupStep
{
    /// <summary>In batches, so a large database is not held in memory at once.</summary>
    private const int BatchSize = 1000;

    public DatabaseStartupPhase Phase => DatabaseStartupPhase.RepairRows;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await FillMissingAsync(db, cancellationToken);
    }

    private static async Task FillMissingAsync(RegistrationDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        while (await db.Registrations.Where(r => r.SearchText == null).OrderBy(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken) is { Count: > 0 } batch)
        {
            foreach (var registration in batch)
            {
                registration.IndexForSearch();
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }
}
