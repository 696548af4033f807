using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Events;

/// <summary>
/// Public pages are the same for every visitor, so they are rendered once and served from memory until
/// an event, series or registration changes (<see cref="EvictOnCommit"/>), or for at most <see cref="MaxAge"/> (which bounds how long a
/// time-dependent line such as "Registration has closed" can lag the clock).
/// </summary>
public static class PublicPageCache
{
    public const string PolicyName = "public-pages";
    public const string Tag = "public-pages";
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private const string AntiforgeryCookiePrefix = ".AspNetCore.Antiforgery.";

    public static IServiceCollection AddPublicPageCache(this IServiceCollection services)
    {
        services.AddOutputCache(options => options.AddPolicy(PolicyName, new FormlessPagePolicy()));
        services.AddSingleton<ICommitObserver, EvictOnCommit>();
        return services;
    }

    /// <summary>Empties the cache once a change to what the public pages show is committed.</summary>
    private sealed class EvictOnCommit(IOutputCacheStore pages) : ICommitObserver
    {
        public bool Notices(EntityEntry entry) => entry.Entity is Event or Series or EventRegistration;

        // Fire and forget is safe here: the in-memory store completes at once.
        public void Committed() => _ = pages.EvictByTagAsync(Tag, CancellationToken.None);
    }

    /// <summary>
    /// Like the default policy (GET or HEAD, anonymous, 200 only), but it also caches a page whose only
    /// cookie is the antiforgery cookie. On .NET 9 Blazor issues that cookie, with "no-store", on every
    /// static page, even one without a form (.NET 10 issues it only where a form needs it). The pages
    /// under this policy have no form, so the cookie and its no-store are dropped and the page is shared.
    /// </summary>
    private sealed class FormlessPagePolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && context.HttpContext.User.Identity?.IsAuthenticated != true
                && StringValues.IsNullOrEmpty(request.Headers.Authorization);
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;
            context.CacheVaryByRules.VaryByHost = true;
            context.CacheVaryByRules.QueryKeys = "*";
            context.ResponseExpirationTimeSpan = MaxAge;
            context.Tags.Add(Tag);
            if (cacheable)
            {
                context.HttpContext.Response.OnStarting(DropAntiforgeryCookie, context.HttpContext.Response);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }

        /// <summary>Runs just before the headers go out, after the page has set them all.</summary>
        private static Task DropAntiforgeryCookie(object state)
        {
            var response = (HttpResponse)state;
            var cookies = response.Headers.SetCookie;
            if (!StringValues.IsNullOrEmpty(cookies)
                && cookies.All(c => c is not null && c.StartsWith(AntiforgeryCookiePrefix, StringComparison.Ordinal)))
            {
                response.Headers.Remove(HeaderNames.SetCookie);
                response.Headers.Remove(HeaderNames.CacheControl);
                response.Headers.Remove(HeaderNames.Pragma);
            }

            return Task.CompletedTask;
        }
    }
}
