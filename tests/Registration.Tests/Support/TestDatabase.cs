using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registration.Web.Data;
using Registration.Web.Infrastructure;

namespace Registration.Tests.Support;

/// <summary>A real SQLite file, migrated as the app migrates it, for tests that need no web host.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly ServiceProvider _services;

    private TestDatabase()
    {
        Options = Microsoft.Extensions.Options.Options.Create(new RegistrationOptions { DataDirectory = _folder.Path });
        _services = new ServiceCollection()
            .AddDbContextFactory<RegistrationDbContext>(db => db.UseSqlite($"Data Source={Options.Value.DatabasePath}"))
            .BuildServiceProvider();
        Factory = _services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
    }

    public IOptions<RegistrationOptions> Options { get; }

    public IDbContextFactory<RegistrationDbContext> Factory { get; }

    public string Folder => _folder.Path;

    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase();
        await using var db = await database.Factory.CreateDbContextAsync();
        await SqliteDatabase.PrepareAsync(db, CancellationToken.None);
        return database;
    }

    public RegistrationDbContext Open() => Factory.CreateDbContext();

    public void Dispose()
    {
        _services.Dispose();
        _folder.Dispose();
    }
}
