using Microsoft.AspNetCore.Components.Endpoints;

namespace Registration.Web.Infrastructure;

/// <summary>
/// Pages answer HEAD as they answer GET (link checkers and monitors ask with HEAD). Blazor maps pages for
/// GET and POST only; the server sends a HEAD answer's headers and drops its body, and the output cache
/// keys entries by method, so a HEAD never stands in for a GET's page.
/// </summary>
internal static class HeadRequests
{
    private static readonly HttpMethodMetadata PageMethods = new([HttpMethods.Get, HttpMethods.Head, HttpMethods.Post]);

    public static RazorComponentsEndpointConventionBuilder AnswerHeadRequests(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            // Pages only: the same builder maps Blazor's own endpoints (its script, its circuit hub).
            if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any())
            {
                // The last HTTP-method metadata is the one routing uses.
                endpoint.Metadata.Add(PageMethods);
            }
        });
        return builder;
    }
}
