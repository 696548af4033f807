using System.Diagnostics;
using System.Globalization;

namespace Registration.Tests.Support;

/// <summary>
/// A clock the test sets and moves by hand. It stands still unless <see cref="Run"/> is called; then it
/// also moves with real time, for tests where time passing on its own is the point (claims that expire
/// while a slow server works).
/// </summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private readonly Stopwatch _running = new();
    private DateTimeOffset _setTo = now;

    public DateTimeOffset Now
    {
        get => _setTo + _running.Elapsed;
        set => _setTo = value - _running.Elapsed;
    }

    public static TestClock At(string isoUtc) => new(DateTimeOffset.Parse(isoUtc, CultureInfo.InvariantCulture));

    /// <summary>From now on the clock moves with real time; moving it by hand still works on top.</summary>
    public void Run() => _running.Start();

    public override DateTimeOffset GetUtcNow() => Now;
}
