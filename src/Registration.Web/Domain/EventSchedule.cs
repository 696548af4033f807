namespace Registration.Web.Domain;

/// <summary>
/// When an event happens: instants in UTC, plus the zone its times are shown in. An event whose time is
/// not yet known covers whole local days (<see cref="TimeToBeConfirmed"/>), and its instants are the
/// local midnights that bound those days, so that sorting and "upcoming" work the same for both kinds.
/// </summary>
public sealed record EventSchedule
{
    public const string DefaultTimeZoneId = "Europe/London";

    private EventSchedule(DateTime startsAtUtc, DateTime endsAtUtc, string timeZoneId, bool timeToBeConfirmed)
    {
        StartsAtUtc = startsAtUtc;
        EndsAtUtc = endsAtUtc;
        TimeZoneId = timeZoneId;
        TimeToBeConfirmed = timeToBeConfirmed;
    }

    public DateTime StartsAtUtc { get; private init; }

    public DateTime EndsAtUtc { get; private init; }

    public string TimeZoneId { get; private init; }

    public bool TimeToBeConfirmed { get; private init; }

    public TimeZoneInfo TimeZone => FindTimeZone(TimeZoneId);

    public DateTime LocalStart => TimeZoneInfo.ConvertTimeFromUtc(StartsAtUtc, TimeZone);

    public DateTime LocalEnd => TimeZoneInfo.ConvertTimeFromUtc(EndsAtUtc, TimeZone);

    public DateOnly FirstDay => DateOnly.FromDateTime(LocalStart);

    /// <summary>The last local day the event touches (an end at midnight belongs to the day before).</summary>
    public DateOnly LastDay
    {
        get
        {
            var end = LocalEnd;
            var day = DateOnly.FromDateTime(end);
            return end.TimeOfDay == TimeSpan.Zero && end > LocalStart ? day.AddDays(-1) : day;
        }
    }

    public static EventSchedule At(DateTime localStart, DateTime localEnd, string timeZoneId)
    {
        var zone = FindTimeZone(timeZoneId);
        if (localEnd < localStart)
        {
            throw new DomainException("The event must not end before it starts.");
        }

        return new EventSchedule(ToUtc(localStart, zone), ToUtc(localEnd, zone), zone.Id, timeToBeConfirmed: false);
    }

    public static EventSchedule OnDays(DateOnly firstDay, DateOnly lastDay, string timeZoneId)
    {
        var zone = FindTimeZone(timeZoneId);
        if (lastDay < firstDay)
        {
            throw new DomainException("The last day must not be before the first day.");
        }

        var start = ToUtc(firstDay.ToDateTime(TimeOnly.MinValue), zone);
        var end = ToUtc(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        return new EventSchedule(start, end, zone.Id, timeToBeConfirmed: true);
    }

    public static TimeZoneInfo FindTimeZone(string timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            throw new DomainException("A time zone is required.");
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new DomainException($"Unknown time zone \"{timeZoneId}\". Use an IANA name such as Europe/London.");
        }
    }

    /// <summary>
    /// A local time that the clocks skip (01:30 on the spring-forward day) is taken as the same wall time
    /// after the change; an ambiguous one (autumn) as its first, summer-time occurrence.
    /// </summary>
    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(unspecified)
            ? zone.GetAmbiguousTimeOffsets(unspecified).Max()
            : zone.GetUtcOffset(unspecified);
        return DateTime.SpecifyKind(unspecified - offset, DateTimeKind.Utc);
    }
}
