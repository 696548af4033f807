using Registration.Tests.Support;
using Registration.Web.Features.Organisers;
using Registration.Web.Infrastructure;

namespace Registration.Tests.Infrastructure;

/// <summary>The in-memory counts behind per-address limits and lockouts: on the app's clock, and bounded.</summary>
public sealed class AttemptCountingTests
{
    [Fact]
    public void Attempts_count_in_a_sliding_window_on_the_apps_clock()
    {
        var clock = TestClock.At("2025-06-01T09:00:00Z");
        var log = new AttemptLog(clock);
        Assert.True(log.TryTake("a", 2, TimeSpan.FromMinutes(1)));
        clock.Now += TimeSpan.FromSeconds(30);
        Assert.True(log.TryTake("a", 2, TimeSpan.FromMinutes(1)));
        Assert.False(log.TryTake("a", 2, TimeSpan.FromMinutes(1)));
        Assert.True(log.TryTake("b", 2, TimeSpan.FromMinutes(1)));
        clock.Now += TimeSpan.FromSeconds(30);
        Assert.True(log.TryTake("a", 2, TimeSpan.FromMinutes(1)));
        Assert.False(log.TryTake("a", 2, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Many_addresses_do_not_fill_the_memory()
    {
        var clock = TestClock.At("2025-06-01T09:00:00Z");
        var log = new AttemptLog(clock);
        var lockouts = new SignInLockouts(clock);
        for (var i = 0; i <= 10_000; i++)
        {
            log.TryTake($"address{i}", 1, TimeSpan.FromMinutes(1));
            lockouts.Fail($"address{i}", "client");
        }

        Assert.Equal(10_001, log.Count);
        Assert.Equal(10_001, lockouts.Count);
        clock.Now += OrganiserSetup.Lockout;
        log.TryTake("one more", 1, TimeSpan.FromMinutes(1));
        lockouts.Fail("one more", "client");
        Assert.Equal(1, log.Count);
        Assert.Equal(1, lockouts.Count);
    }
}
