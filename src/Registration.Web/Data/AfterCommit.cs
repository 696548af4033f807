using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Registration.Web.Data;

/// <summary>
/// Tells the rest of the app about saved changes once they are committed, never before: a reader woken
/// too early would not see them yet. Who is told is up to the features: each registers an
/// <see cref="ICommitObserver"/> (public pages are evicted when what they show changes, and the outbox
/// dispatcher is woken when messages were added).
/// </summary>
internal sealed class AfterCommit(IEnumerable<ICommitObserver> observers) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ICommitObserver[] _observers = [.. observers];
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Fire(eventData.Context);
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Fire(eventData.Context);
        }

        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Fire(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Fire(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var pending = _pending.GetValue(context, _ => new Pending(_observers.Length));
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            for (var i = 0; i < _observers.Length; i++)
            {
                pending.Noticed[i] |= _observers[i].Notices(entry);
            }
        }
    }

    private void Fire(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);
        for (var i = 0; i < _observers.Length; i++)
        {
            if (pending.Noticed[i])
            {
                _observers[i].Committed();
            }
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    /// <summary>Which observers noticed a change saved since the last commit, by their index in <c>_observers</c>.</summary>
    private sealed class Pending(int observers)
    {
        public bool[] Noticed { get; } = new bool[observers];
    }
}
