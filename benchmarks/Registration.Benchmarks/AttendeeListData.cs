using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Benchmarks;

/// <summary>
/// A busy organisation's database for the attendee-list benchmark, written through the app's own model:
/// one event of 10,000 registrations (confirmed, some checked in, a waiting list, some cancelled), 20
/// other events of 1,000 each, and 200,000 outbox messages over all of them (every registration's first
/// email, then reminders, notices and announcements; mostly sent, some pending, some failed).
/// Deterministic: the same seed gives the same database.
/// </summary>
internal static class AttendeeListData
{
    public const string Slug = "attendee-list-10000";
    public const int Registrations = 10_000;
    public const int Capacity = 8_000;
    public const int OtherEvents = 20;
    public const int OtherEventRegistrations = 1_000;
    public const int Messages = 200_000;

    private static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Katherine", "Tim", "Margaret", "Dennis", "Barbara", "Edsger", "Frances", "Donald", "Radia", "Ken", "Sophie", "John", "Hedy", "Linus", "Karen", "Niklaus", "Siân", "Tony", "Mary", "Guido", "Joan", "Bjarne", "Jean", "Anders", "Evelyn", "Rob", "Annie"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Johnson", "Berners-Lee", "Hamilton", "Ritchie", "Liskov", "Dijkstra", "Allen", "Knuth", "Perlman", "Thompson", "Wilson", "McCarthy", "Lamarr", "Torvalds", "Spärck Jones", "Wirth", "Jones", "Hoare", "Keller", "van Rossum", "Clarke", "Stroustrup", "Bartik", "Hejlsberg", "Boyd", "Pike", "Easley", "O'Neill", "Ó Briain", "Müller", "Nakamura", "Okafor", "Kowalski", "Nguyen", "Patel", "Haddad", "Fernández"];
    private static readonly string[] Organisations = ["Acme Ltd", "University of Manchester", "NHS Digital", "Widgets & Co", "Freelance", "Open Data Institute", "Manchester City Council", "Northern Rail"];

    private enum Fate
    {
        Confirmed,
        CheckedIn,
        Waiting,
        Cancelled,
    }

    /// <summary>Creates the database's contents (once); returns the main event's id.</summary>
    public static async Task<int> PopulateAsync(RegistrationDbContext db)
    {
        if (await db.Events.SingleOrDefaultAsync(e => e.Slug == Slug) is { } existing)
        {
            return existing.Id;
        }

        var random = new Random(8);
        var start = new DateTime(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var main = await AddEventAsync(db, Slug, Capacity, start);
        var people = new List<Person>(Registrations + (OtherEvents * OtherEventRegistrations));
        for (var n = 0; n < Registrations; n++)
        {
            // The first 8,300 took places and the rest joined the waiting list; one in 25 later cancelled
            // (leaving 7,968 confirmed of 8,000), and a third of those confirmed are at the door already.
            var fate = n % 25 == 7 ? Fate.Cancelled : n >= 8_300 ? Fate.Waiting : n % 3 == 0 ? Fate.CheckedIn : Fate.Confirmed;
            people.Add(await AddAsync(db, main.Id, n, fate, n < 8_300, start.AddMinutes(n * 3)));
        }

        for (var e = 0; e < OtherEvents; e++)
        {
            var other = await AddEventAsync(db, $"other-event-{e}", OtherEventRegistrations, start.AddDays(-30 * (e + 1)));
            for (var i = 0; i < OtherEventRegistrations; i++)
            {
                var n = Registrations + (e * OtherEventRegistrations) + i;
                people.Add(await AddAsync(db, other.Id, n, i % 30 == 0 ? Fate.Cancelled : Fate.Confirmed, placeAvailable: true, other.CreatedAtUtc.AddMinutes(i * 7)));
            }
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        InsertMessages(db, people, random, start);
        await transaction.CommitAsync();
        return main.Id;
    }

    /// <summary>
    /// The one place that makes registrations through the domain: when its factories change, adapt here.
    /// <paramref name="placeAvailable"/> is what the sign-up saw; <paramref name="fate"/> what happened later.
    /// </summary>
    private static EventRegistration Register(int eventId, SignUpDetails details, Fate fate, bool placeAvailable, DateTime at)
    {
        var (registration, _) = EventRegistration.Create(eventId, details, placeAvailable, at);
        if (fate == Fate.Cancelled)
        {
            registration.Cancel(at.AddDays(2), EventRegistration.ByAttendee);

            // Made-up history: whoever moved up then is already in the generated data.
            registration.ClearDomainEvents();
        }
        else if (fate == Fate.CheckedIn)
        {
            registration.CheckIn(at.AddDays(60), "door@example.org");
        }

        return registration;
    }

    private static async Task<Event> AddEventAsync(RegistrationDbContext db, string slug, int capacity, DateTime createdUtc)
    {
        var ev = Event.Create(slug, new EventDetails
        {
            Title = $"Benchmark event {slug}",
            Schedule = EventSchedule.At(new DateTime(2026, 12, 1, 9, 0, 0), new DateTime(2026, 12, 1, 17, 0, 0), "Europe/London"),
            Location = EventLocation.InPerson("Manchester Central"),
            Capacity = capacity,
        }, createdUtc);
        ev.Publish();
        db.Events.Add(ev);
        await db.SaveChangesAsync();
        return ev;
    }

    public static string NameOf(int n) => $"{FirstNames[n % FirstNames.Length]} {LastNames[n / FirstNames.Length % LastNames.Length]}";

    /// <summary>The address of the <paramref name="n"/>th person of the main event.</summary>
    public static string EmailOf(int n)
    {
        // The sign-up refuses accented letters before the @ (mail cannot reach them): "Siân Spärck Jones" writes "sian.sparck.jones".
        var local = string.Concat(NameOf(n).Normalize(System.Text.NormalizationForm.FormD).Where(c => char.IsAsciiLetter(c) || c is ' ' or '-').Select(c => c == ' ' ? '.' : char.ToLowerInvariant(c)));
        return $"{local}.{n}@example.org";
    }

    private static async Task<Person> AddAsync(RegistrationDbContext db, int eventId, int n, Fate fate, bool placeAvailable, DateTime at)
    {
        var name = NameOf(n);
        var email = EmailOf(n);
        var input = new SignUpInput(name, email, n % 4 == 0 ? null : Organisations[n % Organisations.Length], n % 9 == 0 ? "Step-free access, please" : null, n % 5 == 0 ? "Vegetarian" : null, new Dictionary<string, string?>(), Consent: true);
        var details = SignUpDetails.Validate(input, [], out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors.Values));
        var registration = Register(eventId, details, fate, placeAvailable, at);
        db.Registrations.Add(registration);
        if (n % 2_000 == 1_999)
        {
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return new Person(registration, eventId, at);
    }

    /// <summary>
    /// 200,000 rows by raw SQL in the open transaction (EF would take minutes): each person's first email
    /// when they signed up, then the rest at random over everyone, later in time, so ids rise with time as
    /// the dispatcher writes them. At most one reminder per person and offset, as the unique index wants.
    /// </summary>
    private static void InsertMessages(RegistrationDbContext db, List<Person> people, Random random, DateTime start)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        using var insert = connection.CreateCommand();
        insert.Transaction = (SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        insert.CommandText = """
            INSERT INTO OutboxMessages (Kind, EventId, RegistrationId, ToAddress, ToName, ProtectedPayload, Status, Attempts, CreatedAtUtc, NextAttemptAtUtc, SentAtUtc, LastError, MessageId, Subject, Body, ReminderOffsetMinutes, ClaimedBy, ClaimedUntilUtc)
            VALUES ($kind, $event, $registration, $address, $name, $payload, $status, $attempts, $created, $next, $sent, $error, $messageId, $subject, $body, $offset, NULL, NULL);
            """;
        string[] names = ["$kind", "$event", "$registration", "$address", "$name", "$payload", "$status", "$attempts", "$created", "$next", "$sent", "$error", "$messageId", "$subject", "$body", "$offset"];
        var parameters = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter { ParameterName = n }));
        insert.Prepare();
        var reminders = new HashSet<(int, int)>();
        MessageKind[] later = [MessageKind.Reminder, MessageKind.Reminder, MessageKind.Announcement, MessageKind.Announcement, MessageKind.EventChanged, MessageKind.ManageLinkResent, MessageKind.RegistrationConfirmed];
        for (var i = 0; i < Messages; i++)
        {
            Person person;
            MessageKind kind;
            DateTime created;
            int? offset = null;
            if (i < people.Count)
            {
                person = people[i];
                kind = person.Registration.Status == RegistrationStatus.Waitlisted ? MessageKind.Waitlisted : MessageKind.RegistrationConfirmed;
                created = person.SignedUpAtUtc;
            }
            else
            {
                person = people[random.Next(people.Count)];
                kind = later[random.Next(later.Length)];
                created = start.AddDays(40).AddSeconds((i - people.Count) * 10);
                if (kind == MessageKind.Reminder)
                {
                    offset = reminders.Add((person.Registration.Id, 1440)) ? 1440 : reminders.Add((person.Registration.Id, 60)) ? 60 : null;
                    kind = offset is null ? MessageKind.Announcement : kind;
                }
            }

            var roll = random.Next(100);
            var status = roll < 85 ? OutboxStatus.Sent : roll < 95 ? OutboxStatus.Pending : OutboxStatus.Failed;
            Set(parameters["$kind"], kind.ToString());
            Set(parameters["$event"], person.EventId);
            Set(parameters["$registration"], person.Registration.Id);
            Set(parameters["$address"], person.Registration.Email);
            Set(parameters["$name"], person.Registration.Name);
            Set(parameters["$payload"], status == OutboxStatus.Pending && kind == MessageKind.RegistrationConfirmed ? new string('x', 180) : null);
            Set(parameters["$status"], status.ToString());
            Set(parameters["$attempts"], status switch { OutboxStatus.Sent => 1, OutboxStatus.Pending => roll % 2, _ => 5 });
            Set(parameters["$created"], created);
            Set(parameters["$next"], created.AddMinutes(status == OutboxStatus.Pending ? roll % 2 * 5 : 0));
            Set(parameters["$sent"], status == OutboxStatus.Sent ? created.AddSeconds(3) : null);
            Set(parameters["$error"], status switch
            {
                OutboxStatus.Failed => roll % 2 == 0 ? "550 5.1.1 <" + person.Registration.Email + ">: Recipient address rejected: User unknown in virtual mailbox table" : "Mailbox unavailable. The server response was: 5.7.1 Message rejected as spam",
                OutboxStatus.Pending when roll % 2 == 1 => "421 4.7.0 Try again later, closing connection.",
                _ => null,
            });
            Set(parameters["$messageId"], Guid.NewGuid().ToString().ToUpperInvariant());
            Set(parameters["$subject"], kind == MessageKind.Announcement ? "Venue confirmed: Manchester Central, hall B" : null);
            Set(parameters["$body"], kind == MessageKind.Announcement ? "Doors open at 08:30. Bring your QR code; lunch is provided. " + new string('.', 400) : null);
            Set(parameters["$offset"], offset);
            insert.ExecuteNonQuery();
        }
    }

    private static void Set(SqliteParameter parameter, object? value) =>
        parameter.Value = value switch
        {
            null => DBNull.Value,
            DateTime at => at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
            _ => value,
        };

    private sealed record Person(EventRegistration Registration, int EventId, DateTime SignedUpAtUtc);
}
