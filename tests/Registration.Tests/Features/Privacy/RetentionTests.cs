using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Privacy;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Privacy;

/// <summary>
/// The retention job on the fake clock, against the real app, its database file and its mail folder:
/// sensitive answers go <c>Privacy:RetainSensitiveDays</c> after the event, everything personal
/// <c>Privacy:RetainDays</c> after it, and then no byte of the data folder holds a registrant's name or address.
/// </summary>
public sealed class RetentionTests
{
    private const string Organiser = "org@example.org";

    /// <summary>Ends 2025-07-01 11:00 UTC (12:00 in London, BST).</summary>
    private static readonly DateTime July = new(2025, 7, 1, 10, 0, 0);
    private static readonly DateTime EndUtc = new(2025, 7, 1, 11, 0, 0, DateTimeKind.Utc);

    private static readonly Person[] AtPastEvent =
    [
        new("Ottoline Brackenbury", "Ottoline.B@example.org", "Brackenbury Looms"),
        new("Perpetua Vandersloot", "perpetua.v@example.org", "Vandersloot Trust"),
        new("Quillon Abernethy", "quillon.a@example.org", "Abernethy Works"),
    ];

    private static readonly Person AddedByOrganiser = new("Rosalind Fairweather", "rosalind.f@example.org", "Fairweather Co");
    private static readonly Person AtLaterEvent = new("Sebastiana Krolikowska", "sebastiana.k@example.org", "Krolikowska Ltd");

    [Fact]
    public async Task Sensitive_answers_go_first_then_all_personal_data_and_nothing_in_the_data_folder_names_anyone_while_the_figures_remain()
    {
        using var app = new RegistrationAppFactory(seedSampleData: false);
        var signUps = new SignUpClient(app.CreateClient());
        var past = await TestEvents.AddAsync(app.DbFactory, "past-workshop", capacity: 2, July, Form);
        await TestEvents.AddAsync(app.DbFactory, "later-workshop", capacity: null, July.AddMonths(6), Form);

        foreach (var person in AtPastEvent)
        {
            await signUps.PostAsync("past-workshop", FieldsOf(person));
        }

        var later = FieldsOf(AtLaterEvent);
        later["Form.AccessNeeds"] = "Hearing loop Later";
        later["Form.DietaryNeeds"] = "Vegan Later";
        later["Form.Answers[health]"] = "Migraine Later";
        later["Form.Answers[role]"] = "Librarian Later";
        await signUps.PostAsync("later-workshop", later);
        var signUpService = app.Services.GetRequiredService<SignUpService>();
        var details = SignUpDetails.Validate(
            new SignUpInput(AddedByOrganiser.Name, AddedByOrganiser.Email, AddedByOrganiser.Organisation, "Needs a quiet room Xyzzy", null, new Dictionary<string, string?>(), Consent: true),
            past.Questions, past.BuiltInFields, out _)!;
        await signUpService.AddByOrganiserAsync(past.Id, details, Organiser);

        // The organiser checks Ottoline in and cancels Quillon (who was waiting): both are audited by name.
        var actions = app.Services.GetRequiredService<AttendeeActions>();
        app.Clock.Now = new DateTimeOffset(EndUtc.AddHours(-1));
        await actions.CheckInAsync(await IdOfAsync(app, AtPastEvent[0]), Organiser);
        await actions.CancelAsync(await IdOfAsync(app, AtPastEvent[2]), Organiser);
        await app.Mail.WaitForAsync(m => m.To.Contains(AtPastEvent[2].Email, StringComparison.OrdinalIgnoreCase) && m.Subject.Contains("cancelled", StringComparison.OrdinalIgnoreCase));
        await app.Mail.WaitForAsync(m => m.To.Contains(AtLaterEvent.Email, StringComparison.OrdinalIgnoreCase));
        var figures = await FiguresAsync(app, past.Id);
        Assert.Equal(("Cancelled 1, Confirmed 2, Waitlisted 1", 1), (figures.ByStatus, figures.CheckedIn));

        // The search finds what it looks for: every name and address is in the database and the mail folder now.
        var everyone = AtPastEvent.Append(AddedByOrganiser).ToList();
        var beforeRun = FilesHolding(app.DataDirectory, everyone.SelectMany(p => p.Values));
        foreach (var person in everyone)
        {
            Assert.Contains(beforeRun, f => f.File.StartsWith("registration.db", StringComparison.Ordinal) && f.Value == person.Name);
        }

        Assert.Contains(beforeRun, f => f.File.StartsWith("mail", StringComparison.Ordinal) && f.Value == AtPastEvent[0].Email);
        var privacy = app.Services.GetRequiredService<PersonalData>();

        // A day before the sensitive answers are due, nothing goes.
        app.Clock.Now = new DateTimeOffset(EndUtc.AddDays(14).AddMinutes(-1));
        Assert.Empty((await privacy.RemoveDueAsync()).Steps);

        // 14 days after the end: access and dietary needs and the sensitive question's answers go, with the
        // emails that repeated them; names, addresses and the other answers stay until the 90 days are up.
        app.Clock.Now = new DateTimeOffset(EndUtc.AddDays(14));
        var sensitive = await privacy.RemoveDueAsync();
        var step = Assert.Single(sensitive.Steps);
        Assert.Equal(("past-workshop", false, 4), (step.Slug, step.AllPersonalData, step.Registrations));
        Assert.True(sensitive.MailFiles >= 5, $"{sensitive.MailFiles} email files deleted");
        var sensitiveValues = new[] { "Step-free route Zzyzx", "No sesame Qwxq", "Asthma inhaler Vbnm", "Needs a quiet room Xyzzy" };
        Assert.Empty(FilesHolding(app.DataDirectory, sensitiveValues));
        Assert.Contains(FilesHolding(app.DataDirectory, ["Researcher Plokij", AtPastEvent[1].Name]), f => f.Value == "Researcher Plokij");
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            var ottoline = await db.Registrations.SingleAsync(r => r.EventId == past.Id && r.Name == AtPastEvent[0].Name);
            Assert.Equal(["role"], ottoline.Answers.Keys);
        }

        // The later event's sensitive answers are not due: they stay.
        Assert.NotEmpty(FilesHolding(app.DataDirectory, ["Hearing loop Later"]));

        app.Clock.Now = new DateTimeOffset(EndUtc.AddDays(90).AddMinutes(-1));
        Assert.Empty((await privacy.RemoveDueAsync()).Steps);

        app.Clock.Now = new DateTimeOffset(EndUtc.AddDays(90));
        var all = await privacy.RemoveDueAsync();
        step = Assert.Single(all.Steps);
        Assert.Equal(("past-workshop", true, 4), (step.Slug, step.AllPersonalData, step.Registrations));

        // No table and no file names anyone who registered for the past event, in any case.
        var left = FilesHolding(app.DataDirectory, everyone.SelectMany(p => p.Values).Append("Researcher Plokij"));
        Assert.True(left.Count == 0, $"Still held: {string.Join("; ", left)}");
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            Assert.All(await db.Registrations.Where(r => r.EventId == past.Id).ToListAsync(), r =>
            {
                Assert.True(r.IsAnonymised);
                Assert.Equal((string.Empty, string.Empty, null, 0), (r.Name, r.Email, r.Organisation, r.Answers.Count));
            });
            Assert.All(await db.Outbox.Where(m => m.EventId == past.Id).ToListAsync(), m => Assert.Equal((string.Empty, string.Empty, null), (m.ToAddress, m.ToName, m.Body)));
            var ev = await db.Events.SingleAsync(e => e.Id == past.Id);
            Assert.Equal((EndUtc.AddDays(90), EndUtc.AddDays(14)), (ev.PersonalDataRemovedAtUtc, ev.SensitiveDataRemovedAtUtc));
            Assert.Contains(await db.Audit.Where(a => a.EventId == past.Id).Select(a => a.Action).ToListAsync(), a => a == "remove personal data");
        }

        // The figures still answer: places taken, cancellations, waiting, check-ins and sign-ups per day.
        Assert.Equal(figures, await FiguresAsync(app, past.Id));

        // Nobody anonymised can be written to or acted on: there is no address left.
        Assert.Equal(0, await app.Services.GetRequiredService<Announcements>().CountAsync(past.Id, Audience.EveryoneActive));
        Assert.Equal(AttendeeActionOutcome.NotFound, await actions.ResendConfirmationAsync(await FirstIdAsync(app, past.Id), Organiser));

        // The later event's people are untouched, and a second run finds nothing more to do.
        Assert.Contains(FilesHolding(app.DataDirectory, AtLaterEvent.Values), f => f.Value == AtLaterEvent.Name);
        Assert.Empty((await privacy.RemoveDueAsync()).Steps);
    }

    [Fact]
    public async Task An_event_keeps_its_data_for_its_own_number_of_days()
    {
        using var app = new RegistrationAppFactory(seedSampleData: false, settings: new Dictionary<string, string> { ["Privacy:RetainDays"] = "30", ["Privacy:RetainSensitiveDays"] = "7" });
        await TestEvents.AddAsync(app.DbFactory, "short", capacity: null, July, d => Form(d) with { RetainDays = 2 });
        await TestEvents.AddAsync(app.DbFactory, "default", capacity: null, July, Form);
        var signUps = new SignUpClient(app.CreateClient());
        await signUps.PostAsync("short", FieldsOf(AtPastEvent[0]));
        await signUps.PostAsync("default", FieldsOf(AtPastEvent[1]));
        var privacy = app.Services.GetRequiredService<PersonalData>();

        // Sensitive answers never outlive the rest: the short event loses everything after 2 days.
        app.Clock.Now = new DateTimeOffset(EndUtc.AddDays(2));
        Assert.Equal([("short", true)], (await privacy.RemoveDueAsync()).Steps.Select(s => (s.Slug, s.AllPersonalData)));
        app.Clock.Now = new DateTimeOffset(EndUtc.AddDays(7));
        Assert.Equal([("default", false)], (await privacy.RemoveDueAsync()).Steps.Select(s => (s.Slug, s.AllPersonalData)));
        app.Clock.Now = new DateTimeOffset(EndUtc.AddDays(30));
        Assert.Equal([("default", true)], (await privacy.RemoveDueAsync()).Steps.Select(s => (s.Slug, s.AllPersonalData)));
    }

    [Fact]
    public async Task A_large_event_is_done_in_several_writes_and_every_registration_goes()
    {
        using var app = new RegistrationAppFactory(seedSampleData: false);
        var ev = await TestEvents.AddAsync(app.DbFactory, "large", capacity: null, July, Form);
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            for (var n = 0; n < 1_234; n++)
            {
                var details = SignUpDetails.Validate(new SignUpInput($"Person {n} Zanzibar", $"person{n}@example.org", null, "Ramp", null, new Dictionary<string, string?>(), Consent: true), ev.Questions, ev.BuiltInFields, out _)!;
                db.Registrations.Add(EventRegistration.Create(ev.Id, details, placeAvailable: true, July.AddDays(-10)).Registration);
            }

            await db.SaveChangesAsync();
        }

        app.Clock.Now = new DateTimeOffset(EndUtc.AddDays(90));
        var step = Assert.Single((await app.Services.GetRequiredService<PersonalData>().RemoveDueAsync()).Steps);
        Assert.Equal(1_234, step.Registrations);
        Assert.Empty(FilesHolding(app.DataDirectory, ["Zanzibar", "person1233@example.org"]));
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            Assert.Equal(1_234, await db.Registrations.CountAsync(r => r.EventId == ev.Id && r.AnonymisedAtUtc != null && r.Status == RegistrationStatus.Confirmed));
            Assert.Equal("1234 registrations, due 2025-09-29 (personal data kept 90 days after the end)", (await db.Audit.SingleAsync(a => a.EventId == ev.Id && a.Action == "remove personal data")).Details);
        }
    }

    internal static EventDetails Form(EventDetails details) => details with
    {
        BuiltInFields = BuiltInFields.All,
        Questions =
        [
            EventQuestion.Create("role", "Your role", QuestionKind.Text, null, required: false),
            EventQuestion.Create("health", "Anything about your health we should know?", QuestionKind.Text, null, required: false, sensitive: true),
        ],
    };

    internal static Dictionary<string, string> FieldsOf(Person person)
    {
        var fields = SignUpClient.Fields(person.Name, person.Email);
        fields["Form.Organisation"] = person.Organisation;
        fields["Form.AccessNeeds"] = "Step-free route Zzyzx";
        fields["Form.DietaryNeeds"] = "No sesame Qwxq";
        fields["Form.Answers[role]"] = "Researcher Plokij";
        fields["Form.Answers[health]"] = "Asthma inhaler Vbnm";
        return fields;
    }

    internal static async Task<int> IdOfAsync(RegistrationAppFactory app, Person person)
    {
        await using var db = await app.DbFactory.CreateDbContextAsync();
        return await db.Registrations.Where(r => r.NormalizedEmail == EventRegistration.NormalizeEmail(person.Email)).Select(r => r.Id).FirstAsync();
    }

    private static async Task<int> FirstIdAsync(RegistrationAppFactory app, int eventId)
    {
        await using var db = await app.DbFactory.CreateDbContextAsync();
        return await db.Registrations.Where(r => r.EventId == eventId && r.Status == RegistrationStatus.Confirmed).Select(r => r.Id).FirstAsync();
    }

    /// <summary>
    /// Each file under <paramref name="folder"/> (the database, its write-ahead log, the mail folder, the
    /// keys…) holding one of <paramref name="values"/> as UTF-8 bytes, as written or in capitals (the
    /// address as compared is kept in capitals).
    /// </summary>
    internal static List<(string File, string Value)> FilesHolding(string folder, IEnumerable<string> values)
    {
        var needles = values.Distinct().ToList();
        var found = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var value in needles)
            {
                if (bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0 || bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value.ToUpperInvariant())) >= 0)
                {
                    found.Add((Path.GetRelativePath(folder, file), value));
                }
            }
        }

        return found;
    }

    /// <summary>What the organisers' figures are made of: registrations by status, check-ins, and sign-ups per day.</summary>
    private static async Task<(string ByStatus, int CheckedIn, string PerDay)> FiguresAsync(RegistrationAppFactory app, int eventId)
    {
        await using var db = await app.DbFactory.CreateDbContextAsync();
        var registrations = await db.Registrations.Where(r => r.EventId == eventId).ToListAsync();
        return (
            string.Join(", ", registrations.GroupBy(r => r.Status).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")),
            registrations.Count(r => r.CheckedInAtUtc is not null),
            string.Join(", ", registrations.GroupBy(r => r.CreatedAtUtc.Date).OrderBy(g => g.Key).Select(g => $"{g.Key:yyyy-MM-dd} {g.Count()}")));
    }

    internal sealed record Person(string Name, string Email, string Organisation)
    {
        public IEnumerable<string> Values => [Name, Email, Organisation];
    }
}
