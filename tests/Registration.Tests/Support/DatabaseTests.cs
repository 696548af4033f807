using Microsoft.AspNetCore.DataProtection;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Support;

/// <summary>
/// For tests of workflows without the web layer: a migrated SQLite file each, a clock they move, and the
/// manage-link protector the workflows and the database's domain event handlers share.
/// </summary>
public abstract class DatabaseTests(string nowUtc) : IAsyncLifetime, IDisposable
{
    protected TestClock Clock { get; } = TestClock.At(nowUtc);

    protected ManageLinks Links { get; } = new(new EphemeralDataProtectionProvider());

    protected TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync(Clock, Links);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Database?.Dispose();
        }
    }
}
