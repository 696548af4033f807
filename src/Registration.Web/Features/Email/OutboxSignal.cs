using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Email;

/// <summary>Rings when a committed change has added messages, so the dispatcher sends them at once instead of at its next poll.</summary>
public sealed class OutboxSignal : ICommitObserver
{
    private Action? _wake;

    public void OnWake(Action wake) => _wake = wake;

    public bool Notices(EntityEntry entry) => entry.Entity is OutboxMessage && entry.State == EntityState.Added;

    public void Committed() => _wake?.Invoke();
}
