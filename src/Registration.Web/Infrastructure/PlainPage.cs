namespace Registration.Web.Infrastructure;

/// <summary>
/// A short page written straight to the response, for answers given before or instead of a page render
/// (a busy database, a form that failed its antiforgery check): the site's style sheet, a heading, a few lines.
/// </summary>
internal static class PlainPage
{
    /// <param name="bodyHtml">Already-encoded HTML for inside <c>main</c>, after the heading.</param>
    public static async Task WriteAsync(HttpContext context, int statusCode, string title, string heading, string bodyHtml)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = null;
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en-GB">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title><link rel="stylesheet" href="/app.css"></head>
            <body><main id="main" class="container">
            <h1>{heading}</h1>
            {bodyHtml}
            </main></body>
            </html>
            """,
            context.RequestAborted);
    }
}
