namespace Registration.Web.Features.Email;

/// <summary>Rings when a committed change has added messages, so the dispatcher sends them at once instead of at its next poll.</summary>
public sealed class OutboxSignal
{
    private Action? _wake;

    public void OnWake(Action wake) => _wake = wake;

    public void Wake() => _wake?.Invoke();
}
