namespace Registration.Web.Components;

internal static class PageStatus
{
    /// <summary>
    /// A page whose item does not exist renders its own helpful message and answers 404, so that
    /// search engines and link checkers see the truth. Without a request (interactive rendering) it does nothing.
    /// </summary>
    public static void NotFound(HttpContext? context)
    {
        if (context is not null && !context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
