using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registration.Tests.Support;
using Registration.Web.Features.Registrations;
using Microsoft.EntityFrameworkCore;

namespace Registration.Tests.Features.Registrations;

/// <summary>Even with every logger at its most talkative, a manage token never reaches the logs.</summary>
public sealed class TokenLoggingTests : IDisposable
{
    private readonly CapturingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Manage_tokens_are_never_logged()
    {
        await TestEvents.AddAsync(_app.DbFactory, "logged", capacity: 1, new DateTime(2025, 7, 1, 10, 0, 0));
        var signUps = new SignUpClient(_app.CreateClient());
        await signUps.PostAsync("logged", SignUpClient.Fields("Ada", "ada@example.org"));
        await signUps.PostAsync("logged", SignUpClient.Fields("Ada", "ada@example.org"));
        var token = (await _app.Mail.WaitForAsync(m => m.Subject.StartsWith("Your link for", StringComparison.Ordinal))).ManageToken!;

        await HttpPage.GetAsync(signUps.Client, $"/manage?token={token}");
        await HttpPage.GetAsync(signUps.Client, $"/manage/cancel?token={token}");
        await HttpPage.GetAsync(signUps.Client, $"/manage/calendar.ics?token={token}");
        var edit = await HttpPage.GetAsync(signUps.Client, $"/manage/edit?token={token}");

        // The link that confirms a new address is as secret as a manage link.
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-details", ["__RequestVerificationToken"] = edit.AntiforgeryToken, ["Form.Name"] = "Ada", ["Form.Email"] = "ada.new@example.org",
        }))
        {
            using var posted = await signUps.Client.PostAsync(new Uri($"/manage/edit?token={token}", UriKind.Relative), form);
            posted.EnsureSuccessStatusCode();
        }

        var confirm = System.Text.RegularExpressions.Regex.Match((await _app.Mail.WaitForAsync(m => m.To.Contains("ada.new@example.org", StringComparison.Ordinal))).Text!, @"manage/email\?token=([A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.NotEmpty(confirm);
        await HttpPage.GetAsync(signUps.Client, $"/manage/email?token={confirm}");

        Assert.True(_app.Lines.Count > 20, "the capture saw the app's logging");
        Assert.Contains(_app.Lines, l => l.Contains("/events/logged/register", StringComparison.Ordinal) || l.Contains("Executed DbCommand", StringComparison.Ordinal));
        var leaks = _app.Lines.Where(l => l.Contains(token, StringComparison.Ordinal) || l.Contains(confirm, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    private sealed class CapturingApp : RegistrationAppFactory, ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capture(categoryName, Lines);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
            builder.ConfigureLogging(logging => logging.AddProvider(this));
        }

        private sealed class Capture(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"{category} scope {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
        }
    }
}
