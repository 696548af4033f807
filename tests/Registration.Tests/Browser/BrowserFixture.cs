using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web;

namespace Registration.Tests.Browser;

/// <summary>
/// The app on a real loopback port with its sample data, and Debian's Chromium driven by Playwright.
/// The test script installs Chromium; Playwright's own browser download is never used.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TempDirectory _data = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseUri { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public MailDrop Mail => new(Path.Combine(_data.Path, "mail"));

    public async Task InitializeAsync()
    {
        // Every test signs in as a person does, all from this one client address, so the suite makes more
        // sign-ins a minute than one client is allowed; the limits have tests of their own (RateLimitTests).
        _app = RegistrationApp.Build(["--urls", "http://127.0.0.1:0", $"--Registration:DataDirectory={_data.Path}", "--Registration:SeedSampleData=true", "--RateLimits:Enabled=false"]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.TrimEnd('/') + "/");

        Assert.True(File.Exists(ChromiumPath), $"Chromium is missing at {ChromiumPath}: run ./test.sh, which installs it.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
