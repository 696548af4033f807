using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registration.Web.Data;

namespace Registration.Tests.Support;

/// <summary>
/// The real app over HTTP in memory, on its own SQLite file in a temp folder, with a clock the test controls.
/// </summary>
public class RegistrationAppFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory? _ownData;
    private readonly string _dataPath;

    /// <param name="dataDirectory">A folder to share with another app (a restart); by default a fresh temp folder of its own.</param>
    public RegistrationAppFactory(string nowUtc = "2025-06-01T09:00:00Z", bool seedSampleData = true, IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null)
    {
        _ownData = dataDirectory is null ? new TempDirectory() : null;
        _dataPath = dataDirectory ?? _ownData!.Path;
        Clock = TestClock.At(nowUtc);
        SeedSampleData = seedSampleData;
        Settings = settings ?? new Dictionary<string, string>();
    }

    /// <summary>Extra configuration; rate limits are off unless a test turns them on here.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public TestClock Clock { get; }

    public bool SeedSampleData { get; }

    public string DataDirectory => _dataPath;

    /// <summary>The pickup folder the app writes its mail to (Email:Mode Pickup, the default).</summary>
    public MailDrop Mail => new(Path.Combine(_dataPath, "mail"));

    public IDbContextFactory<RegistrationDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Registration:DataDirectory", _dataPath);
        builder.UseSetting("Registration:SeedSampleData", SeedSampleData ? "true" : "false");
        builder.UseSetting("Registration:PublicBaseUrl", "https://events.example.org");
        builder.UseSetting("Registration:AllowedHosts", "localhost"); // TestServer's Host; links still use PublicBaseUrl
        builder.UseSetting("RateLimits:Enabled", "false");
        builder.UseSetting("Email:PollSeconds", "1");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _ownData?.Dispose();
        }
    }
}
