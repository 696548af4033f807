using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Web;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Registrations;

namespace Registration.Benchmarks;

/// <summary>
/// Messages per second through the outbox and its dispatcher to an SMTP server, beside a plain
/// SmtpClient loop sending the same messages (composed beforehand) to the same server in the same run.
/// </summary>
internal static class MailBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[0], CultureInfo.InvariantCulture);
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        var data = Directory.CreateTempSubdirectory("registration-mail-bench").FullName;
        var app = RegistrationApp.CreateBuilder(
        [
            $"--Registration:DataDirectory={data}",
            "--Email:Mode=Smtp",
            "--Email:Smtp:Host=127.0.0.1",
            $"--Email:Smtp:Port={port}",
            "--Email:Smtp:StartTls=false",
            "--Registration:PublicBaseUrl=https://events.example.org",
            "--Logging:LogLevel:Default=Warning",
        ]).Build();

        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await SqliteDatabase.PrepareAsync(db, CancellationToken.None);
        }

        var messages = await QueueAsync(app.Services, dbFactory, count);

        // Baseline: the same messages, composed first, sent by one SmtpClient in a loop.
        var composer = app.Services.GetRequiredService<MessageComposer>();
        var composed = messages.Select(composer.Compose).ToList();
        using (var client = app.Services.GetRequiredService<MailTransport>().Open())
        {
            var plain = Stopwatch.StartNew();
            foreach (var mail in composed)
            {
                await client.SendMailAsync(mail);
            }

            plain.Stop();
            Report("plain SmtpClient loop (baseline)", count, plain.Elapsed);
        }

        foreach (var mail in composed)
        {
            mail.Dispose();
        }

        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var timer = Stopwatch.StartNew();
        var report = await dispatcher.DispatchDueAsync();
        timer.Stop();
        Report("outbox + dispatcher", report.Sent, timer.Elapsed);
        if (report.Sent != count || report.Retrying + report.Failed > 0)
        {
            Console.Error.WriteLine($"expected {count} sent, got {report}");
            return 1;
        }

        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
        return 0;
    }

    private static void Report(string what, int messages, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {messages} messages in {elapsed.TotalSeconds:F2}s = {messages / elapsed.TotalSeconds:F1}/s"));

    /// <summary>One event and <paramref name="count"/> confirmed registrations, each with its confirmation waiting in the outbox.</summary>
    private static async Task<List<MessageContext>> QueueAsync(IServiceProvider services, IDbContextFactory<RegistrationDbContext> dbFactory, int count)
    {
        var links = services.GetRequiredService<ManageLinks>();
        var now = DateTime.UtcNow;
        var ev = Event.Create("mail-benchmark", new EventDetails
        {
            Title = "Mail benchmark",
            Schedule = EventSchedule.At(new DateTime(2099, 1, 1, 10, 0, 0), new DateTime(2099, 1, 1, 12, 0, 0), "Europe/London"),
            Location = EventLocation.Online,
            OnlineJoinUrl = "https://zoom.example.org/j/1",
        }, now);
        ev.Publish();
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Events.Add(ev);
        await db.SaveChangesAsync();
        var contexts = new List<MessageContext>(count);
        for (var i = 0; i < count; i++)
        {
            var details = SignUpDetails.Validate(new SignUpInput($"Person {i}", $"person{i}@example.org", null, null, null, new Dictionary<string, string?>(), true), [], out _)!;
            var (registration, token) = EventRegistration.Create(ev.Id, details, true, now);
            var message = OutboxMessage.For(registration, MessageKind.RegistrationConfirmed, now, links.Protect(token));
            db.Registrations.Add(registration);
            db.Outbox.Add(message);
            contexts.Add(new MessageContext(message, registration, ev, token, null));
        }

        await db.SaveChangesAsync();
        return contexts;
    }
}
