using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
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

    /// <summary>Sign-in form posts one client address may make per minute.</summary>
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>Sign-in attempts for one email address, from anywhere, per minute.</summary>
    public int SignInsPerAddressPerMinute { get; set; } = 10;

    /// <summary>Requests one client address may make per minute to the set-password, setup and forgot-password pages.</summary>
    public int PasswordPagesPerMinute { get; set; } = 10;

    /// <summary>Password-reset emails one address may be sent per hour, however many people ask.</summary>
    public int PasswordResetEmailsPerAddressPerHour { get; set; } = 3;

    /// <summary>Links confirming a new address for an attendee's registration: this many an hour per registration, and per address written to.</summary>
    public int AddressChangeEmailsPerHour { get; set; } = 3;

    /// <summary>Links to what is held for an address (<c>/my-data</c>) that one address may be sent per hour, however many people ask.</summary>
    public int DataAccessEmailsPerHour { get; set; } = 3;

    /// <summary>Posts of the <c>/my-data</c> form one client address may make per minute.</summary>
    public int DataAccessRequestsPerMinute { get; set; } = 5;
}

/// <summary>
/// Named rate-limit policies, attached to the endpoints they guard as metadata (<c>[EnableRateLimiting]</c>
/// on a page, <c>RequireRateLimiting</c> on an endpoint), so routing decides what a request is, never a
/// comparison of path strings that a trailing slash or a capital letter would dodge. Each policy keeps one
/// count per client address.
/// </summary>
internal static class RateLimits
{
    /// <summary>Sign-up form posts (the form itself stays free to look at).</summary>
    public const string SignUp = "sign-up";

    /// <summary>Every use of a manage link, so that nobody can guess them.</summary>
    public const string Manage = "manage";

    /// <summary>Sign-in form posts.</summary>
    public const string SignIn = "sign-in";

    /// <summary>The pages that take a password link or send one: set-password, setup, forgot-password.</summary>
    public const string PasswordPages = "password-pages";

    /// <summary>Posts of the form that emails a link to a person's data (the form itself stays free to look at).</summary>
    public const string DataAccess = "data-access";

    public static IServiceCollection AddRegistrationRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => WriteTooManyRequestsPageAsync(context.HttpContext);
            limiter.AddPolicy(SignUp, context => PostsOnly(context, Settings(context).SignUpsPerMinute));
            limiter.AddPolicy(Manage, context => PerMinute(Client(context), Settings(context).ManageRequestsPerMinute));
            limiter.AddPolicy(SignIn, context => PostsOnly(context, Settings(context).SignInsPerMinute));
            limiter.AddPolicy(PasswordPages, context => PerMinute(Client(context), Settings(context).PasswordPagesPerMinute));
            limiter.AddPolicy(DataAccess, context => PostsOnly(context, Settings(context).DataAccessRequestsPerMinute));
        });
        return services;
    }

    public static bool Enabled(IConfiguration configuration) =>
        configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>()?.Enabled ?? true;

    /// <summary>
    /// Who is asking, for counting: the connection's address (forwarded headers, where trusted, have set
    /// it already). An IPv6 user is usually given a whole /64, so the count is kept per /64; otherwise one
    /// person could take a fresh address for each request.
    /// </summary>
    public static string Client(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static RateLimitOptions Settings(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static RateLimitPartition<string> PostsOnly(HttpContext context, int permits) =>
        HttpMethods.IsPost(context.Request.Method) ? PerMinute(Client(context), permits) : RateLimitPartition.GetNoLimiter(string.Empty);

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        });

    private static ValueTask WriteTooManyRequestsPageAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "60";
        return new ValueTask(PlainPage.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            "Too many requests",
            "Please wait a minute",
            """
            <p>We have had a lot of requests from your network in the last minute, so we have paused them for a moment. Nothing you sent before this has been lost.</p>
            <p>Please wait a minute and try again. <a href="/">Back to all events</a></p>
            """));
    }
}
