using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Registration.Web.Infrastructure;

/// <summary>The <c>RateLimits</c> section of appsettings.json.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>False turns limiting off, for load tests.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sign-up form posts one client address may make per minute.</summary>
    public int SignUpsPerMinute { get; set; } = 10;

    /// <summary>Requests to manage links one client address may make per minute.</summary>
    public int ManageRequestsPerMinute { get; set; } = 30;
}

/// <summary>
/// Limits sign-up posts and manage-link use per client address, so that nobody can fill an event with
/// made-up people or guess manage links. Everything else is left alone.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddRegistrationRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, cancellationToken) => WriteTooManyRequestsPageAsync(context.HttpContext, cancellationToken);
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var path = context.Request.Path.Value ?? string.Empty;
                if (HttpMethods.IsPost(context.Request.Method) && path.StartsWith("/events/", StringComparison.Ordinal) && path.EndsWith("/register", StringComparison.Ordinal))
                {
                    return PerMinute("sign-up:" + client, options.SignUpsPerMinute);
                }

                if (path.StartsWith("/manage", StringComparison.Ordinal))
                {
                    return PerMinute("manage:" + client, options.ManageRequestsPerMinute);
                }

                return RateLimitPartition.GetNoLimiter("unlimited");
            });
        });
        return services;
    }

    public static bool Enabled(IConfiguration configuration) =>
        configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>()?.Enabled ?? true;

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        });

    private static async ValueTask WriteTooManyRequestsPageAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.RetryAfter = "60";
        await context.Response.WriteAsync(
            """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too many requests</title><link rel="stylesheet" href="/app.css"></head>
            <body><main id="main" class="container">
            <h1>Please wait a minute</h1>
            <p>We have had a lot of requests from your network in the last minute, so we have paused them for a moment. Nothing you sent before this has been lost.</p>
            <p>Please wait a minute and try again. <a href="/">Back to all events</a></p>
            </main></body>
            </html>
            """,
            cancellationToken);
    }
}
