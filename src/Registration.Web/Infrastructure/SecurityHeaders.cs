using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Registration.Web.Infrastructure;

/// <summary>
/// Headers every response carries, including pages served from the output cache (they are stored with
/// the headers set here), error pages and static files; and no <c>Server</c> header naming the web server.
/// </summary>
internal static partial class SecurityHeaders
{
    public const string DefaultFrameAncestors = "'self'";

    /// <summary>Drops Kestrel's <c>Server</c> header and refuses, at start, a framing setting that would break the policy.</summary>
    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        // Antiforgery would add X-Frame-Options: SAMEORIGIN to every page with a token, whatever the setting says.
        builder.Services.Configure<AntiforgeryOptions>(antiforgery => antiforgery.SuppressXFrameOptionsHeader = true);
        builder.Services.AddOptions<RegistrationOptions>().Validate(
            o => IsSourceList(o.FrameAncestors),
            $"Registration:FrameAncestors must be CSP sources separated by spaces, such as {DefaultFrameAncestors} or 'self' https://example.org, or 'none' alone.");
        return builder;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<RegistrationOptions>>().Value;
        var frameAncestors = string.Join(' ', Sources(options.FrameAncestors));
        var frames = app.ApplicationServices.GetRequiredService<IOptions<FrameSources>>().Value.Sources;
        var policy = ContentSecurityPolicy(frameAncestors, frames);

        // X-Frame-Options can say only "same origin" or "nowhere"; browsers that know frame-ancestors
        // ignore it, so it is sent only where it agrees with the setting, for browsers that do not.
        var frameOptions = frameAncestors switch
        {
            "'self'" => "SAMEORIGIN",
            "'none'" => "DENY",
            _ => null,
        };
        return app.Use((context, next) =>
        {
            // Set before the page runs, so a page may make one stricter (manage pages send no-referrer).
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            if (frameOptions is not null)
            {
                headers.XFrameOptions = frameOptions;
            }

            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            return next(context);
        });
    }

    /// <summary>
    /// Blazor adds its own <c>frame-ancestors 'self'</c> as a second policy on component pages; browsers
    /// enforce every policy, so it would overrule <c>Registration:FrameAncestors</c>. It is there to stop
    /// other sites framing pages that use WebSocket compression; ours says frame-ancestors on every response.
    /// </summary>
    public static void FrameAncestorsFromOwnPolicy(ServerComponentsEndpointOptions options) =>
        options.ContentSecurityFrameAncestorsPolicy = null;

    internal static string ContentSecurityPolicy(string frameAncestors, IEnumerable<string> frames) => string.Join("; ",
        "default-src 'self'",

        // blazor.web.js, Radzen.Blazor.js and nothing inline: no inline script, no eval.
        "script-src 'self'",

        // Style sheets only from the app. (blazor.web.js's own reconnect dialog would add an inline sheet;
        // the app has its own, Components/ReconnectMessage.razor, and the browser test cuts a connection to check it.)
        "style-src-elem 'self'",

        // Style attributes must be allowed: Radzen's data grid and chart (organiser pages) render
        // style="…" on their elements and Blazor applies them with setAttribute, which a policy without
        // 'unsafe-inline' blocks (seen in Chromium). An attribute can only restyle its own element; it
        // cannot load anything. Public pages need none, but a document keeps the policy it was loaded
        // with through Blazor's enhanced navigation, so one policy has to serve every page.
        "style-src-attr 'unsafe-inline'",

        // Event images and images in descriptions are any http(s) address an organiser gives.
        "img-src 'self' https: http:",

        // 'self' covers Blazor's WebSocket (ws: or wss: to this host) as well as its fetches.
        "connect-src 'self'",
        "object-src 'none'",

        // Only what features add (event descriptions' videos, unless Registration:EmbedHosts is empty).
        $"frame-src {(frames.Any() ? string.Join(' ', frames.Distinct()) : "'none'")}",
        "base-uri 'self'",
        "form-action 'self'",
        $"frame-ancestors {frameAncestors}");

    private const string PermissionsPolicy =
        "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
        + "magnetometer=(), microphone=(), midi=(), payment=(), usb=()";

    private static bool IsSourceList(string? value)
    {
        var sources = Sources(value);
        return sources.Length > 0
            && sources.All(s => Source().IsMatch(s))
            && (sources.Length == 1 || !sources.Contains("'none'"));
    }

    private static string[] Sources(string? value) => (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>One CSP source for frame-ancestors: a keyword, a scheme, or a host with optional scheme, port and path.</summary>
    [GeneratedRegex(@"^('self'|'none'|\*|[a-z][a-z0-9+.\-]*:|([a-z][a-z0-9+.\-]*://)?(\*\.)?[a-z0-9\-]+(\.[a-z0-9\-]+)*(:(\d{1,5}|\*))?(/[^\s;,']*)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Source();
}
