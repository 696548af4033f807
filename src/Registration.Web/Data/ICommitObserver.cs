using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Registration.Web.Data;

/// <summary>
/// Something to tell once saved changes are committed (see <see cref="AfterCommit"/>). Features register
/// theirs with their services, so the data layer knows nothing of what they do with the news.
/// </summary>
public interface ICommitObserver
{
    /// <summary>Whether this change, about to be saved, is one this observer needs to hear about.</summary>
    bool Notices(EntityEntry entry);

    /// <summary>
    /// Called once after a commit that included a change it noticed; never after a rollback. It runs on the
    /// saving thread, so it must be quick and must not throw.
    /// </summary>
    void Committed();
}
