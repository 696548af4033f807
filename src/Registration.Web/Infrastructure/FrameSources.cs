namespace Registration.Web.Infrastructure;

/// <summary>
/// The sources the page policy allows as frames (<c>frame-src</c>), added by the features whose pages show
/// them (event descriptions' embedded videos), so the shared policy needs to know none of them; with none
/// added, no frame is allowed.
/// </summary>
public sealed class FrameSources
{
    public IList<string> Sources { get; } = [];
}
