using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registration.Tests.Support;
using Registration.Web;

namespace Registration.Tests.Features.Email;

/// <summary>Start-up refuses Email settings under which two lanes could hold the same message.</summary>
public sealed class EmailSettingsTests
{
    [Fact]
    public void The_shipped_settings_pass()
    {
        Assert.Null(Problem([]));
    }

    [Theory]
    [InlineData("45", "30", "4")]
    [InlineData("16", "1", "1")]
    [InlineData("60", "30", "32")]
    public void A_claim_that_covers_the_send_and_its_margin_passes(string claimSeconds, string timeoutSeconds, string parallelism)
    {
        Assert.Null(Problem(Settings(claimSeconds, timeoutSeconds, parallelism)));
    }

    [Theory]
    [InlineData("44", "30", "4", "Email:ClaimSeconds must be at least Email:Smtp:TimeoutSeconds plus 15")]
    [InlineData("60", "50", "4", "Email:ClaimSeconds must be at least Email:Smtp:TimeoutSeconds plus 15")]
    [InlineData("60", "0", "4", "Email:Smtp:TimeoutSeconds must be from 1 to 600")]
    [InlineData("700", "601", "4", "Email:Smtp:TimeoutSeconds must be from 1 to 600")]
    [InlineData("60", "30", "0", "Email:Parallelism (messages sent side by side) must be from 1 to 32")]
    [InlineData("60", "30", "33", "Email:Parallelism (messages sent side by side) must be from 1 to 32")]
    public void Settings_that_could_overlap_claims_are_refused_naming_them(string claimSeconds, string timeoutSeconds, string parallelism, string expected)
    {
        Assert.Contains(expected, Problem(Settings(claimSeconds, timeoutSeconds, parallelism)), StringComparison.Ordinal);
    }

    private static string[] Settings(string claimSeconds, string timeoutSeconds, string parallelism) =>
        [$"--Email:ClaimSeconds={claimSeconds}", $"--Email:Smtp:TimeoutSeconds={timeoutSeconds}", $"--Email:Parallelism={parallelism}"];

    /// <summary>Runs the checks the host runs when it starts (ValidateOnStart) with the repository's appsettings.json and these overrides.</summary>
    private static string? Problem(string[] args)
    {
        using var data = new TempDirectory();
        using var app = RegistrationApp.CreateBuilder([$"--Registration:DataDirectory={data.Path}", .. args]).Build();
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Message;
        }
    }
}
