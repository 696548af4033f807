namespace Registration.Web.Features.Organisers;

/// <summary>
/// The value axis of a chart of counts: whole numbers only (half a sign-up means nothing), at most five
/// steps of 1, 2 or 5 times a power of ten, and a top at or above the largest count.
/// </summary>
public static class ChartScale
{
    private const int MaxSteps = 5;

    public static IReadOnlyList<int> Ticks(int largest)
    {
        var top = Math.Max(largest, 1);
        var step = 1;
        for (var power = 1; ; power *= 10)
        {
            var found = new[] { 1, 2, 5 }.Select(m => m * power).FirstOrDefault(s => (top + s - 1) / s <= MaxSteps);
            if (found > 0)
            {
                step = found;
                break;
            }
        }

        var steps = (top + step - 1) / step;
        return Enumerable.Range(0, steps + 1).Select(i => i * step).ToList();
    }
}
