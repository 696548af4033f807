using System.Security.Cryptography;
using Microsoft.AspNetCore.Components;

namespace Registration.Web.Features.Organisers;

/// <summary>
/// Around every live organiser page (OrganiserLayout): an exception while the page renders or handles
/// something the organiser did shows what happened and a way back, instead of a page that has stopped
/// answering. "Try again" renders the page afresh, which loads its data again. The error is logged under
/// a short id the organiser sees, so that what they report can be found in the log.
/// </summary>
public sealed partial class OrganiserErrorBoundary
{
    [Inject]
    private ILogger<OrganiserErrorBoundary> Logger { get; set; } = default!;

    /// <summary>Eight characters an organiser can read out or type, unique enough to find one error in a log.</summary>
    public string? ErrorId { get; private set; }

    protected override Task OnErrorAsync(Exception exception)
    {
        ErrorId = Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        // Not the page's address: a check-in page's holds a secret code. The stack trace names the page.
        LogPageFailed(Logger, ErrorId, exception);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An organiser page failed; shown to the organiser as error {ErrorId}")]
    private static partial void LogPageFailed(ILogger logger, string errorId, Exception exception);
}
