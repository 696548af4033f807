using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Import;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Samples;

/// <summary>
/// A new installation starts with the two sample pages (a conference and a community-of-practice meeting)
/// and the next meeting of that community, so there is something to register for at once.
/// </summary>
public sealed class SampleData(IDbContextFactory<RegistrationDbContext> dbFactory, EventImporter importer, TimeProvider clock, ILogger<SampleData> logger)
{
    public const string SeriesSlug = "community-of-practice";
    public const string SeriesTitle = "Data and AI public engagement: Community of Practice";
    public const int MeetingCapacity = 100;

    public static MonthlyMeeting CommunityOfPracticeMeetings { get; } = new(2, DayOfWeek.Wednesday, new TimeOnly(14, 0), EventSchedule.DefaultTimeZoneId);

    public static string SamplesFolder => Path.Combine(AppContext.BaseDirectory, "samples", "events");

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Events.AnyAsync(cancellationToken))
            {
                return;
            }

            db.Series.Add(Series.Create(
                SeriesTitle,
                SeriesSlug,
                "A monthly online meeting for people across the public sector, civil society, the private sector and academia who engage the public on data and AI. Meetings follow the Chatham House rule."));
            await db.SaveChangesAsync(cancellationToken);
        }

        var report = await importer.ImportAsync([SamplesFolder], cancellationToken);
        foreach (var file in report.Files.Where(f => f.Outcome == ImportOutcome.Skipped))
        {
            logger.LogWarning("Sample page {Path} was skipped: {Reason}", file.Path, file.Detail);
        }

        await AddNextMeetingAsync(cancellationToken);
        logger.LogInformation("Sample events added: {Count}", report.Count(ImportOutcome.Created) + 1);
    }

    private async Task AddNextMeetingAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var series = await db.Series.SingleAsync(s => s.Slug == SeriesSlug, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var start = CommunityOfPracticeMeetings.NextAfter(now);
        var slug = $"{start:yyyy-MM-dd}-{SeriesSlug}";
        if (await db.Events.AnyAsync(e => e.Slug == slug, cancellationToken))
        {
            return;
        }

        var meeting = Event.Create(slug, new EventDetails
        {
            Title = SeriesTitle,
            Schedule = EventSchedule.At(start, start.AddHours(1), CommunityOfPracticeMeetings.TimeZoneId),
            Location = EventLocation.Online,
            Excerpt = "The next online meeting of our community of practice on engaging the public on data and AI, on Zoom.",
            Description = """
                The next online meeting of our community of practice on engaging the public on data and AI, on Zoom.

                The community brings together people across the public sector working on (or interested in) engaging the public on data and AI, with those in civil society, the private sector and academia working in the field. It is a safe space to hear about what others are doing and work through common challenges.

                The network meets under the Chatham House rule: nothing is attributed unless you want it to be, and anything confidential is left out of the notes, which are shared within the network.

                Register and we will email you the joining link, and a reminder before the meeting.
                """,
            Topics = ["People and Participation", "Public sector"],
            Projects = ["Data and AI public engagement"],
            Category = "organising",
            Capacity = MeetingCapacity,
        }, now);
        meeting.Publish();
        meeting.AssignToSeries(series);
        db.Events.Add(meeting);
        await db.SaveChangesAsync(cancellationToken);
    }
}

public static class SampleDataFeature
{
    /// <summary>The sample events added to an empty database at first start (Registration:SeedSampleData).</summary>
    public static IServiceCollection AddSampleData(this IServiceCollection services) =>
        services.AddSingleton<SampleData>().AddSingleton<IDatabaseStartupStep, SeedAtStart>();

    private sealed class SeedAtStart(SampleData sampleData, IOptions<RegistrationOptions> options) : IDatabaseStartupStep
    {
        public DatabaseStartupPhase Phase => DatabaseStartupPhase.AddContent;

        public Task RunAsync(CancellationToken cancellationToken) =>
            options.Value.SeedSampleData ? sampleData.SeedIfEmptyAsync(cancellationToken) : Task.CompletedTask;
    }
}
