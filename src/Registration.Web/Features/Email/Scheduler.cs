using System.Collections.Specialized;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl;
using Quartz.Spi;

namespace Registration.Web.Features.Email;

/// <summary>A job a feature wants run every <see cref="Interval"/>, registered with <see cref="RecurringJobs.AddRecurringJob{TJob}"/>.</summary>
internal sealed record RecurringJob(Type JobType, string Name, TimeSpan Interval);

internal static class RecurringJobs
{
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string name, TimeSpan interval)
        where TJob : class, IJob
    {
        services.AddSingleton<TJob>();
        services.AddSingleton(new RecurringJob(typeof(TJob), name, interval));
        return services;
    }
}

/// <summary>
/// Runs the app's jobs with Quartz.NET: the outbox dispatcher (every <see cref="EmailOptions.PollSeconds"/>
/// and at once when a change adds messages) and the recurring jobs features register (reminders, lapsed
/// waiting-list offers). Job state lives in the database, so Quartz keeps its triggers in memory; a
/// restart picks up where the database left off.
/// </summary>
internal sealed class Scheduler(
    IServiceProvider services, IEnumerable<RecurringJob> recurring, OutboxSignal signal, IOptions<EmailOptions> options, ILogger<Scheduler> logger) : IHostedService
{
    public static readonly JobKey DispatchJob = new("dispatch-outbox", "email");
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var factory = new StdSchedulerFactory(new NameValueCollection
        {
            // One process may host several apps (tests do); each needs its own scheduler name.
            ["quartz.scheduler.instanceName"] = $"registration-{Guid.NewGuid():N}",
            ["quartz.threadPool.maxConcurrency"] = "2",
        });
        _scheduler = await factory.GetScheduler(cancellationToken);
        _scheduler.JobFactory = new ServiceProviderJobFactory(services);

        await _scheduler.ScheduleJob(
            JobBuilder.Create<OutboxDispatchJob>().WithIdentity(DispatchJob).Build(),
            TriggerBuilder.Create().StartNow().WithSimpleSchedule(s => s.WithIntervalInSeconds(Math.Max(1, options.Value.PollSeconds)).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()).Build(),
            cancellationToken);
        foreach (var job in recurring)
        {
            await _scheduler.ScheduleJob(
                JobBuilder.Create(job.JobType).WithIdentity(job.Name).Build(),
                TriggerBuilder.Create().StartNow().WithSimpleSchedule(s => s.WithInterval(job.Interval).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()).Build(),
                cancellationToken);
        }

        var scheduler = _scheduler;
        signal.OnWake(() => scheduler.TriggerJob(DispatchJob).ContinueWith(
            t => logger.LogWarning(t.Exception, "Could not wake the outbox dispatcher"),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default));
        await _scheduler.Start(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        signal.OnWake(() => { });
        if (_scheduler is not null)
        {
            // Waits for a running dispatch to send and record the messages in hand; it claims no more.
            await _scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
        }
    }

    private sealed class ServiceProviderJobFactory(IServiceProvider services) : IJobFactory
    {
        public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler) => (IJob)services.GetRequiredService(bundle.JobDetail.JobType);

        public void ReturnJob(IJob job)
        {
        }
    }
}

/// <summary>A job whose failure is logged and left for its next run, so the scheduler keeps going.</summary>
internal abstract class LoggedJob(ILogger logger, string whenItFails) : IJob
{
    public async Task Execute(IJobExecutionContext context)
    {
        try
        {
            await RunAsync(context.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Job} failed; {Retry}", GetType().Name, whenItFails);
        }
    }

    protected abstract Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>One dispatch at a time: a wake-up during a run waits for it and then finds little or nothing left.</summary>
[DisallowConcurrentExecution]
internal sealed class OutboxDispatchJob(OutboxDispatcher dispatcher, ILogger<OutboxDispatchJob> logger)
    : LoggedJob(logger, "it runs again at its next poll")
{
    protected override Task RunAsync(CancellationToken cancellationToken) => dispatcher.DispatchDueAsync(cancellationToken);
}

[DisallowConcurrentExecution]
internal sealed class ReminderJob(ReminderQueue reminders, ILogger<ReminderJob> logger)
    : LoggedJob(logger, "it runs again in a minute")
{
    protected override Task RunAsync(CancellationToken cancellationToken) => reminders.QueueDueAsync(cancellationToken);
}
