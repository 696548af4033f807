using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Registration.Web.Infrastructure;

/// <summary>
/// A form whose antiforgery check failed (it was loaded before a restart or a sign-in changed the keys
/// or the cookie, or it was sent from another site) gets a page that says so and links back to the
/// form, instead of the framework's empty 400. Nothing the form asked for has been done.
/// </summary>
internal static class FailedAntiforgeryPage
{
    /// <summary>After <c>UseAntiforgery</c>, which checks form posts to endpoints that require it and records the result.</summary>
    public static IApplicationBuilder UseFailedAntiforgeryPage(this IApplicationBuilder app) =>
        app.Use((context, next) =>
            context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                ? WriteAsync(context, OwnPath(context.Request))
                : next(context));

    /// <summary>The answer for an endpoint that checks the token itself; <paramref name="formPath"/> is a page with its form.</summary>
    public static IResult Result(string formPath) => new PageResult(formPath);

    /// <summary>The page posted to is the page with the form (Blazor forms post back to their own address).</summary>
    private static string OwnPath(HttpRequest request)
    {
        var path = request.PathBase.Add(request.Path).ToUriComponent();

        // "//host" and "/\host" would leave the site when followed.
        return path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith("/\\", StringComparison.Ordinal) || !path.StartsWith('/')
            ? "/"
            : path + request.QueryString.Value;
    }

    private static Task WriteAsync(HttpContext context, string formPath)
    {
        // The path may hold a manage link's token: it must not leave in a Referer when the link is followed.
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        return PlainPage.WriteAsync(
            context,
            StatusCodes.Status400BadRequest,
            "Form expired: nothing saved",
            "This form has expired",
            $"""
            <p>The form has expired, or it was sent from somewhere other than this site, so we did not act on it: nothing you sent was saved or changed.</p>
            <p><a href="{HtmlEncoder.Default.Encode(formPath)}">Open the form again</a> and send it from there.</p>
            """);
    }

    private sealed class PageResult(string formPath) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, formPath);
    }
}
