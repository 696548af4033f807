using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registration.Web.Data;
using Registration.Web.Features.Registrations;
using Registration.Web.Infrastructure;

namespace Registration.Tests.Support;

/// <summary>
/// A real SQLite file, migrated as the app migrates it, for tests that need no web host. Its contexts
/// handle domain events as the app's do (the place-allocation rule), with the test's clock and links.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly ServiceProvider _services;

    private TestDatabase(TimeProvider clock, ManageLinks links)
    {
        Options = Microsoft.Extensions.Options.Options.Create(new RegistrationOptions { DataDirectory = _folder.Path });
        _services = new ServiceCollection()
            .AddSingleton(clock)
            .AddSingleton(links)
            .AddPlaceAllocation()
            .AddSingleton<DomainEventDispatcher>()
            .AddDbContextFactory<RegistrationDbContext>((services, db) => db
                .UseSqlite($"Data Source={Options.Value.DatabasePath}")
                .UseDomainEvents(services.GetRequiredService<DomainEventDispatcher>()))
            .BuildServiceProvider();
        Factory = _services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
    }

    public IOptions<RegistrationOptions> Options { get; }

    public IDbContextFactory<RegistrationDbContext> Factory { get; }

    public string Folder => _folder.Path;

    public static async Task<TestDatabase> CreateAsync(TimeProvider? clock = null, ManageLinks? links = null)
    {
        var database = new TestDatabase(clock ?? TimeProvider.System, links ?? new ManageLinks(new EphemeralDataProtectionProvider()));
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
