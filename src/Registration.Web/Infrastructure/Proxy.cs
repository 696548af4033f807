using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Registration.Web.Infrastructure;

/// <summary>
/// The app behind a TLS reverse proxy: forwarded headers believed only from the proxies named in
/// <c>Registration:TrustedProxies</c>, requests only for the hosts in <c>Registration:AllowedHosts</c>, and
/// cookies marked Secure whenever the visitor's connection is HTTPS.
/// </summary>
internal static class Proxy
{
    public static IServiceCollection AddProxySupport(this IServiceCollection services)
    {
        services.AddOptions<ServerSettings>()
            .Configure<IConfiguration, IHostEnvironment>((settings, configuration, environment) => settings.Load(configuration, environment))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerSettings>, ServerSettings.Validator>();

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ServerSettings>>((forwarded, settings) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // ASP.NET Core trusts loopback by default, and trusts everyone when both lists are empty: only the
            // configured proxies count (the middleware is not added at all without one).
            forwarded.KnownProxies.Clear();
            forwarded.KnownNetworks.Clear();
            foreach (var network in settings.Value.TrustedProxies)
            {
                forwarded.KnownNetworks.Add(new Microsoft.AspNetCore.HttpOverrides.IPNetwork(network.BaseAddress, network.PrefixLength));
            }

            // Walk back through a chain of trusted proxies; the first address that is not one is the client.
            forwarded.ForwardLimit = null;
        });

        // The host filter ASP.NET Core puts in front of every request reads these instead of its own AllowedHosts.
        services.AddOptions<HostFilteringOptions>().Configure<IOptions<ServerSettings>>((hosts, settings) =>
        {
            hosts.AllowedHosts = [.. settings.Value.AllowedHosts];
            hosts.AllowEmptyHosts = false;
        });

        // The antiforgery cookie is never Secure by default; the organiser cookie already follows the request.
        services.Configure<AntiforgeryOptions>(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>
    /// First in the pipeline, so that everything after it (HSTS, cookies, redirects, rate limits) sees the
    /// visitor's scheme and address rather than the proxy's.
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this WebApplication app)
    {
        if (ServerSettings.ReadList(app.Configuration.GetSection(ServerSettings.TrustedProxiesKey)).Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
