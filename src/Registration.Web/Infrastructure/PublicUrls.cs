using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Registration.Web.Infrastructure;

/// <summary>Absolute addresses for links that leave the site (calendar files, emails).</summary>
public sealed class PublicUrls(IOptions<RegistrationOptions> options, IServer server)
{
    /// <summary>The configured public address; else the request's own; else the first address the server listens on.</summary>
    public Uri BaseUri(HttpRequest? request = null)
    {
        var configured = options.Value.PublicBaseUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new Uri(configured.TrimEnd('/') + "/");
        }

        if (request is not null && request.Host.HasValue)
        {
            return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        return new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    public Uri EventPage(string slug, HttpRequest? request = null) => new(BaseUri(request), $"events/{Uri.EscapeDataString(slug)}");
}
