using System.Net;
using Microsoft.Extensions.Options;

namespace Registration.Web.Infrastructure;

/// <summary>
/// How the app is reached: the addresses it listens on, its public address, the proxies whose forwarded
/// headers it believes and the host names it answers to. Read from configuration and checked at start, so that
/// a mistyped setting stops the app with a clear line instead of every email or link failing later.
/// </summary>
public sealed class ServerSettings
{
    public const string TrustedProxiesKey = RegistrationOptions.SectionName + ":TrustedProxies";
    public const string AllowedHostsKey = RegistrationOptions.SectionName + ":AllowedHosts";
    public const string PublicBaseUrlKey = RegistrationOptions.SectionName + ":" + nameof(RegistrationOptions.PublicBaseUrl);

    // What a bare Kestrel binds to when nothing names an address.
    private const string KestrelDefaultUrl = "http://localhost:5000";

    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>The addresses the server binds, as configured (port 0 means any free port).</summary>
    public IReadOnlyList<string> ListenUrls { get; private set; } = [];

    /// <summary>Where links in emails and calendar files point; null when the app listens on loopback only and none is set.</summary>
    public Uri? PublicBaseUrl { get; private set; }

    /// <summary>Proxies (addresses or ranges) whose X-Forwarded-For and X-Forwarded-Proto are believed; empty: nobody's.</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; private set; } = [];

    /// <summary>Host names requests may carry; any other gets 400 before it reaches a page.</summary>
    public IReadOnlyList<string> AllowedHosts { get; private set; } = [];

    /// <summary>One line per setting that is wrong, each naming the setting.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    internal void Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var problems = new List<string>();
        ListenUrls = ConfiguredListenUrls(configuration);
        var loopbackOnly = true;
        foreach (var url in ListenUrls)
        {
            if (ParseListenUrl(url) is not { } address)
            {
                problems.Add($"The listen address '{url}' (--urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS) must look like http://127.0.0.1:5000, with a port from 0 to 65535.");
                continue;
            }

            loopbackOnly &= IsLoopback(address);
        }

        var publicBaseUrl = configuration[PublicBaseUrlKey];
        if (!string.IsNullOrWhiteSpace(publicBaseUrl))
        {
            if (Uri.TryCreate(publicBaseUrl.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
                && !IsEveryInterface(uri.Host))
            {
                PublicBaseUrl = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
            }
            else
            {
                // 0.0.0.0 and [::] mean "every interface" to a server, and nowhere at all in a link.
                problems.Add($"{PublicBaseUrlKey} must be an absolute http:// or https:// address people can open, like https://events.example.org (it is '{publicBaseUrl}').");
            }
        }
        else if (!loopbackOnly)
        {
            // Links in emails must never carry 0.0.0.0 or an internal address, nor the Host a visitor sent.
            problems.Add($"{PublicBaseUrlKey} is required when the app listens on more than loopback ({string.Join(", ", ListenUrls)}): set it to the address people use, like https://events.example.org.");
        }

        TrustedProxies = ReadTrustedProxies(configuration, problems);
        AllowedHosts = ReadAllowedHosts(configuration, environment, problems);

        // ASP.NET Core's own switch believes forwarded headers from any address, which lets anyone choose their client address.
        if (string.Equals(configuration["ForwardedHeaders_Enabled"], "true", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"ASPNETCORE_FORWARDEDHEADERS_ENABLED believes forwarded headers from anyone: unset it and list your proxy in {TrustedProxiesKey} instead.");
        }

        Problems = problems;
    }

    /// <summary>A comma- or semicolon-separated string (an environment variable) or a JSON array (appsettings.json).</summary>
    public static IReadOnlyList<string> ReadList(IConfigurationSection section)
    {
        var values = section.Value is { } text ? [text] : section.GetChildren().Select(child => child.Value ?? string.Empty);
        return values.SelectMany(value => value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
    }

    /// <summary>An address only this machine can reach: localhost, 127.0.0.0/8 or ::1.</summary>
    public static bool IsLoopback(BindingAddress address) =>
        !address.IsUnixPipe && !address.IsNamedPipe
        && (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));

    public static BindingAddress? ParseListenUrl(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            return address.Port is >= 0 and <= IPEndPoint.MaxPort && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
                ? address
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The addresses Kestrel will bind, found the way it finds them: its own endpoints section, else
    /// <c>urls</c> (--urls, ASPNETCORE_URLS), else <c>http_ports</c>/<c>https_ports</c> on every interface, else its default.
    /// </summary>
    private static IReadOnlyList<string> ConfiguredListenUrls(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>().ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey]);
        if (urls.Count > 0)
        {
            return urls;
        }

        var ports = Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => $"http://*:{port}")
            .Concat(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => $"https://*:{port}"))
            .ToList();
        return ports.Count > 0 ? ports : [KestrelDefaultUrl];
    }

    private static List<string> Split(string? value) =>
        (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static List<System.Net.IPNetwork> ReadTrustedProxies(IConfiguration configuration, List<string> problems)
    {
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in ReadList(configuration.GetSection(TrustedProxiesKey)))
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                problems.Add($"{TrustedProxiesKey}: '{entry}' is not an IP address or a range like 10.0.0.0/8 (a range's address must end in zero bits).");
            }
        }

        return networks;
    }

    private IReadOnlyList<string> ReadAllowedHosts(IConfiguration configuration, IHostEnvironment environment, List<string> problems)
    {
        var configured = ReadList(configuration.GetSection(AllowedHostsKey));
        if (configured.Count == 0)
        {
            if (PublicBaseUrl is not null)
            {
                // The loopback names too, so a health check on the machine itself (curl 127.0.0.1/health)
                // works; no link is ever built from the Host, and a rebinding attack cannot send them.
                return [PublicBaseUrl.IdnHost.Contains(':', StringComparison.Ordinal) ? $"[{PublicBaseUrl.IdnHost}]" : PublicBaseUrl.IdnHost, .. LoopbackHosts];
            }

            // Without a public address the app runs on this machine (start-up insists): a developer may use
            // any name for it, anything else only the loopback names.
            return environment.IsDevelopment() ? ["*"] : [.. LoopbackHosts];
        }

        foreach (var host in configured.Where(host => !IsHostPattern(host)))
        {
            problems.Add($"{AllowedHostsKey}: '{host}' is not a host name; give names like events.example.org or *.example.org, without scheme, port or path.");
        }

        return configured;
    }

    /// <summary>0.0.0.0 and [::] in any spelling (a trailing dot, IPv4 mapped into IPv6): every interface to a server, nowhere in a link.</summary>
    private static bool IsEveryInterface(string host)
    {
        if (!System.Net.IPAddress.TryParse(host.Trim('[', ']').TrimEnd('.'), out var ip))
        {
            return false;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        return ip.Equals(System.Net.IPAddress.Any) || ip.Equals(System.Net.IPAddress.IPv6Any);
    }

    private static bool IsHostPattern(string host)
    {
        if (host == "*")
        {
            return true;
        }

        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        return Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4
            || (name.StartsWith('[') && name.EndsWith(']') && Uri.CheckHostName(name[1..^1]) == UriHostNameType.IPv6);
    }

    internal sealed class Validator : IValidateOptions<ServerSettings>
    {
        public ValidateOptionsResult Validate(string? name, ServerSettings options) =>
            options.Problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(options.Problems);
    }
}
