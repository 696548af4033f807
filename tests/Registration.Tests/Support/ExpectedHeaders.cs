namespace Registration.Tests.Support;

/// <summary>The security headers the app sends on every answer.</summary>
public static class ExpectedHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src-elem 'self'; "
        + "style-src-attr 'unsafe-inline'; img-src 'self' https: http:; connect-src 'self'; object-src 'none'; frame-src https://www.youtube-nocookie.com; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>One policy (Blazor's own frame-ancestors policy would be a second), and the rest.</summary>
    public static void Assert(HttpResponseMessage response, string policy = Policy, string referrerPolicy = "strict-origin-when-cross-origin")
    {
        var where = $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}";
        Xunit.Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var policies), $"{where}: no Content-Security-Policy");
        Xunit.Assert.Equal([policy], policies);
        Xunit.Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Xunit.Assert.Equal([referrerPolicy], response.Headers.GetValues("Referrer-Policy"));
        var permissions = Xunit.Assert.Single(response.Headers.GetValues("Permissions-Policy"));
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()" })
        {
            Xunit.Assert.Contains(feature, permissions, StringComparison.Ordinal);
        }
    }
}
