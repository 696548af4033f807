namespace Registration.Tests.Support;

/// <summary>For tests of workflows without the web layer: a migrated SQLite file each, and a clock they move.</summary>
public abstract class DatabaseTests(string nowUtc) : IAsyncLifetime, IDisposable
{
    protected TestClock Clock { get; } = TestClock.At(nowUtc);

    protected TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync();

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
