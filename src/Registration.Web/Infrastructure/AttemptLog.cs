namespace Registration.Web.Infrastructure;

/// <summary>
/// Counts attempts per key in a sliding window on the app's clock, for limits whose key is only known
/// inside a handler (an email address typed into a form), where the rate-limiting middleware cannot see
/// it. Held in memory: a restart forgets, which only ever lets someone in sooner.
/// </summary>
public sealed class AttemptLog(TimeProvider clock)
{
    /// <summary>Past this many keys, ones whose attempts have all run out of their window are dropped, at most once a minute.</summary>
    private const int SweepAbove = 10_000;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep;

    /// <summary>Keys held, for the test that shows old ones are dropped.</summary>
    internal int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Takes one of <paramref name="permits"/> for <paramref name="key"/> in the last <paramref name="window"/>; false when none is left.</summary>
    public bool TryTake(string key, int permits, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        lock (_entries)
        {
            if (_entries.Count > SweepAbove && now >= _nextSweep)
            {
                _nextSweep = now.AddMinutes(1);
                foreach (var stale in _entries.Where(e => e.Value.Latest <= now - e.Value.Window).Select(e => e.Key).ToList())
                {
                    _entries.Remove(stale);
                }
            }

            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry(window);
                _entries[key] = entry;
            }

            while (entry.Times.Count > 0 && entry.Times.Peek() <= now - window)
            {
                entry.Times.Dequeue();
            }

            if (entry.Times.Count >= Math.Max(1, permits))
            {
                return false;
            }

            entry.Times.Enqueue(now);
            entry.Latest = now;
            return true;
        }
    }

    private sealed class Entry(TimeSpan window)
    {
        public TimeSpan Window { get; } = window;

        public Queue<DateTimeOffset> Times { get; } = new();

        public DateTimeOffset Latest { get; set; }
    }
}
