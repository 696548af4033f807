using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Registration.Web.Domain;

namespace Registration.Web.Data;

/// <summary>
/// The app's one context. Saving it also handles the domain events its entities raised: after the
/// changes are written, inside the same write transaction, each event goes to its handlers (say, giving a
/// freed place to the next person waiting), and what they change is saved too before the transaction
/// commits. Changes that raise events outside a transaction are refused: the rule they trigger must see
/// and change the database as one writer.
/// </summary>
public sealed class RegistrationDbContext : IdentityDbContext<Organiser>
{
    /// <summary>Handlers can raise events of their own; a chain longer than this is a bug, not a workload.</summary>
    private const int MaxRounds = 8;

    private readonly DomainEventDispatcher? _domainEvents;

    public RegistrationDbContext(DbContextOptions<RegistrationDbContext> options)
        : base(options)
    {
        _domainEvents = options.FindExtension<DomainEventsOptionsExtension>()?.Dispatcher;
    }

    public DbSet<Event> Events => Set<Event>();

    public DbSet<Series> Series => Set<Series>();

    public DbSet<EventRegistration> Registrations => Set<EventRegistration>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<Announcement> Announcements => Set<Announcement>();

    public DbSet<ManageToken> ManageTokens => Set<ManageToken>();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var raised = TakeDomainEvents();
        if (raised.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Database.CurrentTransaction is null || _domainEvents is null)
        {
            throw new InvalidOperationException(
                $"Saving {string.Join(", ", raised.Select(e => e.GetType().Name).Distinct())} needs the event's write transaction (EventWriteLock) and a context made with UseDomainEvents.");
        }

        var saved = 0;
        for (var round = 0; raised.Count > 0; round++)
        {
            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"Domain events kept raising more after {MaxRounds} rounds: {string.Join(", ", raised)}.");
            }

            // Written first, so that handlers count and read the database as this change leaves it.
            saved += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var domainEvent in raised)
            {
                await _domainEvents.DispatchAsync(this, domainEvent, cancellationToken);
            }

            raised = TakeDomainEvents();
        }

        return saved + await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Domain events are handled asynchronously only; a synchronous save of such a change is a bug.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (ChangeTracker.Entries<DomainEntity>().Any(e => e.Entity.DomainEvents.Count > 0))
        {
            throw new InvalidOperationException("Changes that raise domain events must be saved with SaveChangesAsync.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type and hands back DateTime of unspecified kind; everything we store is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RegistrationDbContext).Assembly);
    }

    private List<IDomainEvent> TakeDomainEvents()
    {
        var raised = new List<IDomainEvent>();
        foreach (var entry in ChangeTracker.Entries<DomainEntity>())
        {
            foreach (var domainEvent in entry.Entity.DomainEvents)
            {
                if (!raised.Contains(domainEvent))
                {
                    raised.Add(domainEvent);
                }
            }

            entry.Entity.ClearDomainEvents();
        }

        return raised;
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? (v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime()) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}
