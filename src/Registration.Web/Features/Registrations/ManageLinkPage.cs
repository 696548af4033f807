using Microsoft.Net.Http.Headers;

namespace Registration.Web.Features.Registrations;

internal static class ManageLinkPage
{
    /// <summary>A manage link is a secret: it must not leave in a Referer header nor stay in a shared cache.</summary>
    public static void Protect(HttpContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
    }
}
