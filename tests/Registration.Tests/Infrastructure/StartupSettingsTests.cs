using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Registration.Tests.Support;
using Registration.Web;
using Registration.Web.Infrastructure;

namespace Registration.Tests.Infrastructure;

/// <summary>
/// Settings that would make every email or link fail are refused at start: the app's own process exits with 1
/// and one line per problem naming the setting, not a stack trace and not a "Healthy" app that cannot work.
/// </summary>
public sealed partial class StartupSettingsTests
{
    [Theory]
    [InlineData("Registration:PublicBaseUrl", "notaurl", "Registration:PublicBaseUrl must be an absolute http:// or https:// address")]
    [InlineData("Registration:PublicBaseUrl", "ftp://events.example.org", "Registration:PublicBaseUrl must be an absolute http:// or https:// address")]
    [InlineData("Registration:PublicBaseUrl", "http://0.0.0.0:5000", "Registration:PublicBaseUrl must be an absolute http:// or https:// address")]
    [InlineData("Registration:PublicBaseUrl", "http://[::]:5000", "Registration:PublicBaseUrl must be an absolute http:// or https:// address")]
    [InlineData("Registration:PublicBaseUrl", "http://0.0.0.0./", "Registration:PublicBaseUrl must be an absolute http:// or https:// address")]
    [InlineData("Registration:PublicBaseUrl", "http://[::ffff:0.0.0.0]/", "Registration:PublicBaseUrl must be an absolute http:// or https:// address")]
    [InlineData("Email:Smtp:Port", "99999", "Email:Smtp:Port must be from 1 to 65535.")]
    [InlineData("Email:Smtp:Port", "0", "Email:Smtp:Port must be from 1 to 65535.")]
    [InlineData("Email:Smtp:Port", "abc", "'Email:Smtp:Port'")]
    [InlineData("Email:From", "not an address", "Email:From must be one plain email address")]
    [InlineData("Registration:TrustedProxies", "10.0.0.1/8", "Registration:TrustedProxies: '10.0.0.1/8' is not an IP address or a range")]
    [InlineData("Registration:TrustedProxies", "proxy.internal", "Registration:TrustedProxies: 'proxy.internal' is not an IP address or a range")]
    [InlineData("Registration:AllowedHosts", "https://events.example.org", "Registration:AllowedHosts: 'https://events.example.org' is not a host name")]
    [InlineData("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true", "ASPNETCORE_FORWARDEDHEADERS_ENABLED believes forwarded headers from anyone")]
    public async Task A_bad_setting_stops_the_app_with_one_line_naming_it(string setting, string value, string expected)
    {
        var (exitCode, output, errors) = await AppServer.RunUntilExitAsync(new Dictionary<string, string> { [setting] = value }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, Assert.Single(Lines(errors)), StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), output + errors);
    }

    [Fact]
    public async Task Smtp_mode_without_a_mail_server_is_refused()
    {
        var (exitCode, _, errors) = await AppServer.RunUntilExitAsync(
            new Dictionary<string, string> { ["Email:Mode"] = "Smtp", ["Email:Smtp:Host"] = string.Empty }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, exitCode);
        Assert.Equal("Email:Smtp:Host is required when Email:Mode is Smtp.", Assert.Single(Lines(errors)));
    }

    [Fact]
    public async Task Listening_beyond_loopback_needs_a_public_address_and_every_problem_gets_its_line()
    {
        var (exitCode, output, errors) = await AppServer.RunUntilExitAsync(
            new Dictionary<string, string> { ["Email:Smtp:Port"] = "70000" }, "--urls", "http://0.0.0.0:0");

        Assert.Equal(1, exitCode);
        Assert.Equal(2, Lines(errors).Count);
        Assert.Contains(Lines(errors), line => line.StartsWith("Registration:PublicBaseUrl is required when the app listens on more than loopback (http://0.0.0.0:0)", StringComparison.Ordinal));
        Assert.Contains("Email:Smtp:Port must be from 1 to 65535.", Lines(errors));
        Assert.DoesNotMatch(StackFrame(), output + errors);
    }

    [Fact]
    public async Task A_listen_address_with_a_port_out_of_range_is_refused()
    {
        var (exitCode, _, errors) = await AppServer.RunUntilExitAsync(new Dictionary<string, string>(), "--urls", "http://127.0.0.1:99999");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("The listen address 'http://127.0.0.1:99999'", Assert.Single(Lines(errors)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_public_address_emails_link_to_the_loopback_address_the_app_listens_on()
    {
        await using var server = await AppServer.StartAsync(new Dictionary<string, string> { ["Email:PollSeconds"] = "1" });
        using var client = server.CreateClient();
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var slug = MeetingLink().Match(home).Groups[1].Value;
        var register = await client.GetAsync(new Uri($"/events/{slug}/register", UriKind.Relative));
        var page = new HttpPage(register.StatusCode, await register.Content.ReadAsStringAsync());

        using var form = new HttpRequestMessage(HttpMethod.Post, new Uri($"/events/{slug}/register", UriKind.Relative));
        form.Headers.Add("Cookie", register.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        form.Content = new FormUrlEncodedContent(new Dictionary<string, string>(SignUpClient.Fields("Ada", "ada@example.org"))
        {
            ["_handler"] = "sign-up",
            ["__RequestVerificationToken"] = page.AntiforgeryToken,
        });
        using var signedUp = await client.SendAsync(form);
        Assert.True(signedUp.IsSuccessStatusCode, signedUp.StatusCode.ToString());

        var mail = await server.Mail.WaitForAsync(m => m.To.Contains("ada@example.org", StringComparison.Ordinal));
        var port = server.BaseAddress.Port.ToString(CultureInfo.InvariantCulture);
        Assert.Contains($"http://127.0.0.1:{port}/manage?token=", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"\r\nURL:http://127.0.0.1:{port}/events/{slug}\r\n", Assert.Single(mail.Attachments, a => a.ContentType == "text/calendar").Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/8, 192.168.1.1; 2001:db8::/32")]
    public void Trusted_proxies_read_from_a_separated_string(string value)
    {
        Assert.Equal(["10.0.0.0/8", "192.168.1.1/32", "2001:db8::/32"], Settings($"--Registration:TrustedProxies={value}").TrustedProxies.Select(n => n.ToString()));
    }

    [Fact]
    public void Trusted_proxies_read_from_a_json_array()
    {
        var settings = Settings("--Registration:TrustedProxies:0=10.0.0.0/8", "--Registration:TrustedProxies:1=127.0.0.1");
        Assert.Equal(["10.0.0.0/8", "127.0.0.1/32"], settings.TrustedProxies.Select(n => n.ToString()));
    }

    [Theory]
    [InlineData("--http_ports=8080")]
    [InlineData("--Kestrel:Endpoints:Http:Url=http://*:8080")]
    [InlineData("--urls=http://127.0.0.1:5000;http://192.168.1.5:5000")]
    public void Any_way_of_listening_beyond_loopback_needs_a_public_address(string listen)
    {
        Assert.Contains(Settings(listen).Problems, p => p.StartsWith("Registration:PublicBaseUrl is required", StringComparison.Ordinal));
        Assert.Empty(Settings(listen, "--Registration:PublicBaseUrl=https://events.example.org").Problems);
    }

    [Theory]
    [InlineData("https://events.example.org", "events.example.org,localhost,127.0.0.1,[::1]")]
    [InlineData("https://évènements.example.org/", "xn--vnements-10ai.example.org,localhost,127.0.0.1,[::1]")]
    [InlineData("", "localhost,127.0.0.1,[::1]")]
    public void Allowed_hosts_default_to_the_public_address_else_loopback(string publicBaseUrl, string expected)
    {
        Assert.Equal(expected.Split(','), Settings($"--Registration:PublicBaseUrl={publicBaseUrl}").AllowedHosts);
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>The settings as the app reads them in Production, with the repository's appsettings.json and these overrides, problems and all.</summary>
    private static ServerSettings Settings(params string[] args)
    {
        using var data = new TempDirectory();
        using var app = RegistrationApp.CreateBuilder([$"--Registration:DataDirectory={data.Path}", "--environment=Production", .. args]).Build();
        var settings = new ServerSettings();
        settings.Load(app.Services.GetRequiredService<IConfiguration>(), app.Services.GetRequiredService<IHostEnvironment>());
        return settings;
    }

    [GeneratedRegex(@"^\s+at \S+", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"""events/(\d{4}-\d{2}-\d{2}-community-of-practice)""")]
    private static partial Regex MeetingLink();
}
