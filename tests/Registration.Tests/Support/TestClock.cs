using System.Globalization;

namespace Registration.Tests.Support;

/// <summary>A clock the test sets and moves by hand.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public static TestClock At(string isoUtc) => new(DateTimeOffset.Parse(isoUtc, CultureInfo.InvariantCulture));

    public override DateTimeOffset GetUtcNow() => Now;
}
