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

    /// <summary>Protects the pages marked <see cref="SecretAddressAttribute"/> before they run.</summary>
    public static IApplicationBuilder UseSecretAddresses(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<SecretAddressAttribute>() is not null)
            {
                Protect(context);
            }

            return next(context);
        });
}

/// <summary>
/// Endpoint metadata for a live page whose address is a secret, as a check-in code is. A live page renders
/// after its response has gone (see App.razor), too late to call <see cref="ManageLinkPage.Protect"/> itself.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SecretAddressAttribute : Attribute;
