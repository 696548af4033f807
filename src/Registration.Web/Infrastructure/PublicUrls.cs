using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Registration.Web.Infrastructure;

/// <summary>
/// Absolute addresses for links that leave the site (calendar files, emails). Never built from a request's
/// Host header, which the sender chooses.
/// </summary>
public sealed class PublicUrls(IOptions<ServerSettings> settings, IServer server)
{
    /// <summary>The configured public address; else the loopback address the server listens on.</summary>
    public Uri BaseUri()
    {
        if (settings.Value.PublicBaseUrl is { } configured)
        {
            return configured;
        }

        // Start-up refuses to run without a public address unless every address the server listens on is loopback.
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.Select(ServerSettings.ParseListenUrl).FirstOrDefault(a => a is not null && ServerSettings.IsLoopback(a))
            ?? throw new InvalidOperationException($"The server listens on no loopback address to link to; set {ServerSettings.PublicBaseUrlKey}.");
        return new Uri($"{address.Scheme}://{address.Host}:{address.Port}/");
    }

    public Uri EventPage(string slug) => new(BaseUri(), $"events/{Uri.EscapeDataString(slug)}");
}
