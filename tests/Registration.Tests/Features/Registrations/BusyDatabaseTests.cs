using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;
using Xunit.Abstractions;

namespace Registration.Tests.Features.Registrations;

/// <summary>
/// Another process holds the database for writing for longer than a write waits (10 s): the form posts
/// answer 503 and say truthfully that nothing was saved, nothing is saved later either, and /health
/// reports the stall while it lasts. Run in both environments, whose error handling differs; the two
/// classes wait side by side.
/// </summary>
public abstract class BusyDatabaseTests : IDisposable
{
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(13);
    private readonly RegistrationAppFactory _app;
    private readonly SignUpClient _signUps;
    private readonly ITestOutputHelper _output;

    protected HttpClient Client => _signUps.Client;

    protected BusyDatabaseTests(RegistrationAppFactory app, ITestOutputHelper output)
    {
        _app = app;
        _signUps = new SignUpClient(app.CreateClient());
        _output = output;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _app.Dispose();
        }
    }

    [Fact]
    public async Task Sign_up_and_cancel_answer_503_within_the_deadline_save_nothing_then_or_later_and_health_tells()
    {
        await TestEvents.AddAsync(_app.DbFactory, "busy", capacity: 10, new DateTime(2025, 7, 1, 10, 0, 0));
        Assert.Equal("confirmed", SignUpClient.Status(await _signUps.PostAsync("busy", SignUpClient.Fields("Ada", "ada@example.org"))));
        var ada = await _app.Mail.ManageTokenForAsync("ada@example.org");
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            await Eventually.TrueAsync(() => db.Outbox.AllAsync(m => m.Status == OutboxStatus.Sent));
        }

        var signUpToken = await _signUps.TokenAsync("busy");
        var cancelToken = (await HttpPage.GetAsync(_signUps.Client, $"/manage/cancel?token={ada}")).AntiforgeryToken;
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await HealthAsync());

        using (var other = await OtherWriter.HoldAsync(_app.Services.GetRequiredService<IOptions<RegistrationOptions>>().Value.DatabasePath, Held))
        {
            var held = Stopwatch.StartNew();

            // Both go through the app's one write queue: one waits on SQLite, the other behind it, and both
            // must give up on the same deadline.
            var signUp = PostAsync("/events/busy/register", new Dictionary<string, string>(SignUpClient.Fields("Grace", "grace@example.org"))
            {
                ["_handler"] = "sign-up",
                ["__RequestVerificationToken"] = signUpToken,
            });
            var cancel = PostAsync($"/manage/cancel?token={ada}", new Dictionary<string, string>
            {
                ["_handler"] = "cancel",
                ["__RequestVerificationToken"] = cancelToken,
            });

            await Task.Delay(TimeSpan.FromSeconds(1));
            var health = Stopwatch.StartNew();
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await HealthAsync());
            _output.WriteLine($"/health answered Unhealthy in {health.Elapsed.TotalSeconds:0.00} s");

            foreach (var answer in await Task.WhenAll(signUp, cancel))
            {
                _output.WriteLine($"{answer.Page.Status:D} after {answer.Took.TotalSeconds:0.00} s, Retry-After {answer.RetryAfter}");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Page.Status);
                // The deadline is 10 s; the upper bound leaves room for a loaded two-core machine (11.5 s was
                // seen to miss by 20 ms), and the answer must still come while the database is held.
                Assert.InRange(answer.Took, TimeSpan.FromSeconds(9.5), TimeSpan.FromSeconds(12.5));
                Assert.Equal("60", answer.RetryAfter);
                Assert.Contains("We could not save this because the system is busy. Your details were not saved.", answer.Page.Text, StringComparison.Ordinal);
                Assert.Contains("Please try again in a minute.", answer.Page.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("has been lost", answer.Page.Text, StringComparison.Ordinal);
            }

            Assert.True(held.Elapsed < Held, "The answers came while the other process still held the database.");
            await other.ReleasedAsync();
        }

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await HealthAsync());

        // Anything still queued would have gone ahead by now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            var registration = await db.Registrations.SingleAsync();
            Assert.Equal(("ada@example.org", RegistrationStatus.Confirmed), (registration.Email, registration.Status));
            Assert.Equal([MessageKind.RegistrationConfirmed], await db.Outbox.Select(m => m.Kind).ToListAsync());
        }

        Assert.Equal("confirmed", SignUpClient.Status(await _signUps.PostAsync("busy", SignUpClient.Fields("Grace", "grace@example.org"), signUpToken)));
    }

    private async Task<(HttpStatusCode Status, string Body)> HealthAsync()
    {
        var health = await HttpPage.GetAsync(_signUps.Client, "/health");
        return (health.Status, health.Html);
    }

    private async Task<(HttpPage Page, string? RetryAfter, TimeSpan Took)> PostAsync(string url, Dictionary<string, string> form)
    {
        var took = Stopwatch.StartNew();
        using var content = new FormUrlEncodedContent(form);
        using var response = await _signUps.Client.PostAsync(new Uri(url, UriKind.Relative), content);
        var page = new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal([ExpectedHeaders.Policy], response.Headers.GetValues("Content-Security-Policy"));
        return (page, response.Headers.RetryAfter?.ToString(), took.Elapsed);
    }
}

public sealed class BusyDatabaseInDevelopmentTests(ITestOutputHelper output) : BusyDatabaseTests(new RegistrationAppFactory(seedSampleData: false), output);

/// <summary>In Production the generic exception handler is in the pipeline too, and must not answer first.</summary>
public sealed class BusyDatabaseInProductionTests(ITestOutputHelper output) : BusyDatabaseTests(new ProductionApp(), output)
{
    /// <summary>In Production this is the page the exception handler shows.</summary>
    [Fact]
    public async Task The_generic_error_page_does_not_claim_that_nothing_was_lost()
    {
        var page = await HttpPage.GetAsync(Client, "/error");
        Assert.DoesNotContain("lost", page.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("We cannot tell from here whether what you sent was saved.", page.Text, StringComparison.Ordinal);
        Assert.Contains("check your email before trying again", page.Text, StringComparison.Ordinal);
    }

    private sealed class ProductionApp() : RegistrationAppFactory(seedSampleData: false)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
