using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;

namespace Registration.Web.Components;

/// <summary>
/// Endpoint metadata for a live page whose address names one item (an event by its slug, a registration
/// by its check-in code). Live pages render only once their circuit is up (see App.razor), too late to set
/// the response's status, so <see cref="ItemInAddress.UseNotFoundForMissingItems"/> looks the item up
/// first: a missing one answers 404, so that link checkers and the browser's history see the truth, and
/// the page, once live, says what was not found.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public abstract class ItemInAddressAttribute : Attribute
{
    /// <summary>Whether the item named by <paramref name="route"/> exists; true when the address names none (as a "new" page).</summary>
    public abstract Task<bool> ExistsAsync(RegistrationDbContext db, RouteValueDictionary route, CancellationToken cancellationToken);
}

/// <summary>The page shows the event named by the <c>{Slug}</c> in its address.</summary>
public sealed class EventInAddressAttribute : ItemInAddressAttribute
{
    public override async Task<bool> ExistsAsync(RegistrationDbContext db, RouteValueDictionary route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(route);
        return route.GetValueOrDefault("Slug") is not string slug
            || await db.Events.AnyAsync(e => e.Slug == slug, cancellationToken);
    }
}

internal static class ItemInAddress
{
    /// <summary>
    /// After authorisation, so that someone not signed in is sent to sign in rather than told which
    /// addresses exist.
    /// </summary>
    public static IApplicationBuilder UseNotFoundForMissingItems(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ItemInAddressAttribute>() is { } item)
            {
                await using var db = await context.RequestServices.GetRequiredService<IDbContextFactory<RegistrationDbContext>>().CreateDbContextAsync(context.RequestAborted);
                if (!await item.ExistsAsync(db, context.Request.RouteValues, context.RequestAborted))
                {
                    // The page still renders, and says what it could not find once live; its body keeps
                    // the status-code pages from replacing it with the generic one.
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                }
            }

            await next(context);
        });
}
