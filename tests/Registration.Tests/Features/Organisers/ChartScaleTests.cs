using Registration.Web.Features.Organisers;

namespace Registration.Tests.Features.Organisers;

/// <summary>The dashboard chart's value axis counts people, so it never shows half a sign-up.</summary>
public sealed class ChartScaleTests
{
    [Theory]
    [InlineData(0, new[] { 0, 1 })]
    [InlineData(1, new[] { 0, 1 })]
    [InlineData(3, new[] { 0, 1, 2, 3 })]
    [InlineData(5, new[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData(6, new[] { 0, 2, 4, 6 })]
    [InlineData(9, new[] { 0, 2, 4, 6, 8, 10 })]
    [InlineData(11, new[] { 0, 5, 10, 15 })]
    [InlineData(120, new[] { 0, 50, 100, 150 })]
    [InlineData(1000, new[] { 0, 200, 400, 600, 800, 1000 })]
    public void Whole_numbers_in_at_most_five_steps_to_the_largest_count_or_above(int largest, int[] ticks) =>
        Assert.Equal(ticks, ChartScale.Ticks(largest));
}
