namespace Registration.Web.Features.Email;

public enum EmailMode
{
    /// <summary>Writes each message as an .eml file in <c>&lt;DataDirectory&gt;/mail</c>: the app runs with no mail server.</summary>
    Pickup = 0,
    Smtp = 1,
}

/// <summary>The <c>Email</c> section of appsettings.json; environment variables override it (Email__Smtp__Host).</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public EmailMode Mode { get; set; } = EmailMode.Pickup;

    public string From { get; set; } = "events@example.org";

    /// <summary>The name shown beside <see cref="From"/>; empty means the organisation's name.</summary>
    public string? FromName { get; set; }

    public string? ReplyTo { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>How often the dispatcher looks for due messages besides being woken by new ones.</summary>
    public int PollSeconds { get; set; } = 15;

    /// <summary>Attempts before a message is marked Failed; with the 30-second cap that is about 50 minutes of retrying.</summary>
    public int MaxAttempts { get; set; } = 100;

    /// <summary>Messages sent side by side; each send mostly waits on the mail server.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>How long a dispatcher run's claim on a message holds if the run dies without letting go.</summary>
    public int ClaimSeconds { get; set; } = 60;
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 587;

    /// <summary>Upgrade the connection with STARTTLS (System.Net.Mail does not speak implicit TLS on port 465).</summary>
    public bool StartTls { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public int TimeoutSeconds { get; set; } = 30;
}
