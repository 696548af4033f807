namespace Registration.Web.Domain;

/// <summary>Meetings held on the nth given weekday of each month, such as "the second Wednesday at 14:00".</summary>
public sealed record MonthlyMeeting(int Nth, DayOfWeek Weekday, TimeOnly LocalStart, string TimeZoneId)
{
    /// <summary>The first meeting whose start is after <paramref name="afterUtc"/>, as a local date and time.</summary>
    public DateTime NextAfter(DateTime afterUtc)
    {
        var zone = EventSchedule.FindTimeZone(TimeZoneId);
        var local = TimeZoneInfo.ConvertTimeFromUtc(afterUtc, zone);
        var month = new DateOnly(local.Year, local.Month, 1);
        for (var i = 0; i < 3; i++, month = month.AddMonths(1))
        {
            var candidate = DayIn(month).ToDateTime(LocalStart);
            if (EventSchedule.At(candidate, candidate, zone.Id).StartsAtUtc > afterUtc)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Unreachable: a month always has an nth weekday for n from 1 to 4.");
    }

    /// <summary>The pattern a meeting follows: 9 December 2026 at 14:00 is the second Wednesday at 14:00.</summary>
    public static MonthlyMeeting Like(DateTime localStart, string timeZoneId)
    {
        var nth = Math.Min(4, ((localStart.Day - 1) / 7) + 1);
        return new MonthlyMeeting(nth, localStart.DayOfWeek, TimeOnly.FromDateTime(localStart), timeZoneId);
    }

    private DateOnly DayIn(DateOnly firstOfMonth)
    {
        var offset = ((int)Weekday - (int)firstOfMonth.DayOfWeek + 7) % 7;
        return firstOfMonth.AddDays(offset + (7 * (Nth - 1)));
    }
}
