using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Registration.Web.Domain;

namespace Registration.Tests.Support;

/// <summary>
/// The real app where each test client can come from an address of its own (the in-memory server gives
/// every request none), and where password-hash checks are counted, to show that every failed sign-in does
/// the same work without measuring time.
/// </summary>
public sealed class AppWithClientAddresses(IReadOnlyDictionary<string, string>? settings = null)
    : RegistrationAppFactory(seedSampleData: false, settings: settings)
{
    private const string Header = "X-Test-Client-Address";

    public CountingPasswordHasher Hasher { get; } = new();

    public HttpClient ClientFrom(string address, bool followRedirects = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddTransient<IStartupFilter, ClientAddressFilter>();
            services.RemoveAll<IPasswordHasher<Organiser>>();
            services.AddSingleton<IPasswordHasher<Organiser>>(Hasher);
        });
    }

    /// <summary>Runs before the app's own middleware, as a trusted proxy's forwarded headers would.</summary>
    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>The app's own password hasher, counting how many hashes it verifies.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<Organiser>
{
    private readonly PasswordHasher<Organiser> _inner = new(Options.Create(new PasswordHasherOptions()));
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public void Reset() => Interlocked.Exchange(ref _verifications, 0);

    public string HashPassword(Organiser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(Organiser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
