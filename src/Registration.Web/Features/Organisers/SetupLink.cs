using System.Security.Cryptography;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Organisers;

/// <summary>
/// While no organiser exists, a one-time link printed at start lets whoever runs the app create the
/// first (Admin) account in the browser. It lives only in this process and dies once used.
/// </summary>
public sealed class SetupLink
{
    private string? _token;

    public string? Token => _token;

    public string Issue()
    {
        _token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        return _token;
    }

    public bool Matches(string? token) =>
        _token is not null && token is not null
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(_token), System.Text.Encoding.UTF8.GetBytes(token));

    public void Spend() => _token = null;

    /// <summary>Prints the link once the server listens, so it shows the real address.</summary>
    internal sealed class Announcer(SetupLink link, IServiceProvider services, PublicUrls urls, IHostApplicationLifetime lifetime, ILogger<SetupLink> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() => _ = AnnounceAsync());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private async Task AnnounceAsync()
        {
            await using var scope = services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().AnyAsync())
            {
                return;
            }

            var url = new Uri(urls.BaseUri(), $"organiser/setup?token={link.Issue()}");
            logger.LogWarning(
                "No organiser account exists yet. Create the first one at {SetupUrl} (this link works once), or run: {Command}",
                url,
                $"{Usage.Executable} organiser add EMAIL");
        }
    }
}
