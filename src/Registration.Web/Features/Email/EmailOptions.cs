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

    public const int MaxParallelism = 32;

    /// <summary>
    /// What a claim must hold beyond the send's own time limit: loading and composing the message before the
    /// send, and recording its result after.
    /// </summary>
    public const int ClaimMarginSeconds = 15;

    /// <summary>Messages sent side by side, 1 to <see cref="MaxParallelism"/>; each send mostly waits on the mail server.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>
    /// How long a lane's claim on the one message it is sending holds. It must cover the longest send
    /// (<see cref="SmtpOptions.TimeoutSeconds"/>) plus <see cref="ClaimMarginSeconds"/>, or another lane could
    /// take the message while it is still being sent; it is also how soon a message claimed by a run that
    /// died is taken up again.
    /// </summary>
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

    public const int MaxTimeoutSeconds = 600;

    /// <summary>The longest one send may take (1 to <see cref="MaxTimeoutSeconds"/>); a send cut off is retried later.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
