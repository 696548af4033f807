using Registration.Web.Data;

namespace Registration.Web.Infrastructure;

/// <summary>
/// Answers a request whose write gave up on a busy database (<see cref="DatabaseBusyException"/>) with
/// 503 and a page that says what is true: nothing was saved, try again in a minute. The generic error
/// page cannot say that, because it cannot know.
/// </summary>
internal static partial class DatabaseBusyPage
{
    public static IApplicationBuilder UseDatabaseBusyPage(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (DatabaseBusyException ex) when (!context.Response.HasStarted)
            {
                LogBusy(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseBusyPage)), ex);
                await WriteAsync(context);
            }
        });

    private static Task WriteAsync(HttpContext context)
    {
        // A form post is the one case where the person has just typed something in.
        var lost = HttpMethods.IsPost(context.Request.Method) ? "Your details were not saved." : "Nothing was saved.";
        context.Response.Headers.RetryAfter = "60";
        return PlainPage.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Busy: not saved",
            "Sorry, we could not save that",
            $"""
            <p>We could not save this because the system is busy. {lost}</p>
            <p>Please try again in a minute. <a href="/">Back to all events</a></p>
            """);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503: a write gave up on a busy database")]
    private static partial void LogBusy(ILogger logger, Exception exception);
}
