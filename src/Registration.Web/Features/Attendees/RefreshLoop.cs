namespace Registration.Web.Features.Attendees;

/// <summary>
/// A live page's refresh every few seconds, for as long as the page is open. It runs outside any event the
/// page handles, so an error boundary never sees its failures: each is logged here and the next tick tries
/// again, so a database busy for a moment does not leave the page frozen for good.
/// </summary>
internal static partial class RefreshLoop
{
    /// <param name="stop">Cancelled when the page closes; what fails after that is the page going away, not worth a line in the log.</param>
    public static async Task RunAsync(TimeSpan period, TimeProvider clock, Func<Task> refresh, ILogger logger, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        try
        {
            using var timer = new PeriodicTimer(period, clock);
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await refresh();
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    LogFailed(logger, period.TotalSeconds, ex);
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The page closed, during a wait or a refresh.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live page's refresh failed; trying again in {Seconds} s")]
    private static partial void LogFailed(ILogger logger, double seconds, Exception exception);
}
