using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Registration.Web.Domain;

namespace Registration.Web.Data;

/// <summary>Reacts to one kind of domain event inside the write transaction that raised it, through the same context.</summary>
public interface IDomainEventHandler
{
    bool Handles(IDomainEvent domainEvent);

    Task HandleAsync(RegistrationDbContext db, IDomainEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>The typed side of <see cref="IDomainEventHandler"/>; features derive from it and register themselves.</summary>
public abstract class DomainEventHandler<TEvent> : IDomainEventHandler
    where TEvent : IDomainEvent
{
    public bool Handles(IDomainEvent domainEvent) => domainEvent is TEvent;

    public Task HandleAsync(RegistrationDbContext db, IDomainEvent domainEvent, CancellationToken cancellationToken) =>
        HandleAsync(db, (TEvent)domainEvent, cancellationToken);

    protected abstract Task HandleAsync(RegistrationDbContext db, TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>Hands each domain event to the handlers the features registered.</summary>
public sealed class DomainEventDispatcher(IEnumerable<IDomainEventHandler> handlers)
{
    private readonly IDomainEventHandler[] _handlers = [.. handlers];

    public async Task DispatchAsync(RegistrationDbContext db, IDomainEvent domainEvent, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            if (handler.Handles(domainEvent))
            {
                await handler.HandleAsync(db, domainEvent, cancellationToken);
            }
        }
    }
}

/// <summary>
/// Carries the dispatcher in the context's options: pooled contexts may take nothing but their options,
/// and every context from one factory shares them.
/// </summary>
internal sealed class DomainEventsOptionsExtension(DomainEventDispatcher dispatcher) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public DomainEventDispatcher Dispatcher => dispatcher;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    /// <summary>Adds no EF services, so contexts with different dispatchers can share EF's internal provider.</summary>
    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => string.Empty;

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
        }
    }
}

public static class DomainEventOptions
{
    /// <summary>Domain events raised by entities of this context are handled by <paramref name="dispatcher"/> when saved.</summary>
    public static DbContextOptionsBuilder UseDomainEvents(this DbContextOptionsBuilder builder, DomainEventDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new DomainEventsOptionsExtension(dispatcher));
        return builder;
    }
}
