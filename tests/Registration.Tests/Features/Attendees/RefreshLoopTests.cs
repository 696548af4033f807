using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Registration.Web.Features.Attendees;

namespace Registration.Tests.Features.Attendees;

/// <summary>The attendee list's refresh every few seconds: a failure is logged and the next tick tries again.</summary>
public sealed class RefreshLoopTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task A_failed_refresh_is_logged_and_the_loop_carries_on()
    {
        var log = new ListLogger();
        var refreshes = 0;
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var closed = new CancellationTokenSource();

        var loop = RefreshLoop.RunAsync(Period, TimeProvider.System, () =>
        {
            switch (++refreshes)
            {
                case 1:
                    throw new InvalidOperationException("database is locked");
                case 3:
                    third.TrySetResult();
                    break;
            }

            return Task.CompletedTask;
        }, log, closed.Token);

        await third.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var failure = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.Equal("database is locked", failure.Exception?.Message);

        // Closing the page ends the loop, without a word in the log.
        await closed.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(log.Entries);
    }

    [Fact]
    public async Task What_fails_as_the_page_closes_is_not_logged()
    {
        var log = new ListLogger();
        using var closed = new CancellationTokenSource();

        // The page goes away during a refresh, whose work then fails with the circuit.
        var loop = RefreshLoop.RunAsync(Period, TimeProvider.System, async () =>
        {
            await closed.CancelAsync();
            throw new ObjectDisposedException("renderer");
        }, log, closed.Token);

        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(log.Entries);
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, exception));
    }
}
