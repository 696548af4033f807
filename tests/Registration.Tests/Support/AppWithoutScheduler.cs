using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Registration.Web.Features.Email;

namespace Registration.Tests.Support;

/// <summary>
/// The real app without its Quartz scheduler, for mail tests that run the dispatcher themselves, step by
/// step: no background run, woken by a new message or its poll, takes a message first.
/// </summary>
public sealed class AppWithoutScheduler(IReadOnlyDictionary<string, string> settings)
    : RegistrationAppFactory(seedSampleData: false, settings: settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Remove(services.Single(s => s.ImplementationType == typeof(Scheduler))));
    }
}
