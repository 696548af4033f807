using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Web.Domain;

namespace Registration.Web.Features.Privacy;

/// <summary>
/// One emailed link to a person's data: it works once, within <see cref="Lifespan"/>. Only the secret's hash
/// is kept, beside the address it shows; the row goes when the link is used, and when it runs out.
/// </summary>
public sealed class DataAccessRequest
{
    /// <summary>How long a link works, and the longest a page opened with it keeps showing the data.</summary>
    public static readonly TimeSpan Lifespan = TimeSpan.FromHours(1);

    private DataAccessRequest()
    {
        Hash = string.Empty;
        NormalizedEmail = string.Empty;
    }

    public long Id { get; private set; }

    /// <summary>SHA-256 of the link's secret, upper-case hex, as a manage link's is kept.</summary>
    public string Hash { get; private set; }

    /// <summary>The address whose data the link shows (<see cref="EventRegistration.NormalizeEmail"/>).</summary>
    public string NormalizedEmail { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime ExpiresAtUtc { get; private set; }

    /// <summary>A new link for <paramref name="normalizedEmail"/>: the row to keep and the secret to email.</summary>
    public static (DataAccessRequest Request, string Secret) Issue(string normalizedEmail, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(normalizedEmail);
        var (hash, secret) = ManageToken.NewHashedSecret();
        return (new DataAccessRequest { Hash = hash, NormalizedEmail = normalizedEmail, CreatedAtUtc = nowUtc, ExpiresAtUtc = nowUtc + Lifespan }, secret);
    }
}

internal sealed class DataAccessRequestConfiguration : IEntityTypeConfiguration<DataAccessRequest>
{
    public void Configure(EntityTypeBuilder<DataAccessRequest> builder)
    {
        builder.ToTable("DataAccessRequests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(r => r.Hash).IsUnique();
        builder.Property(r => r.NormalizedEmail).HasMaxLength(EventRegistration.MaxEmailLength).IsRequired();
    }
}

/// <summary>
/// The secret of a link to a person's data travels only by email: until sent it waits in the outbox row,
/// encrypted with the app's data-protection keys (with a purpose of its own, so it cannot pass for a manage link).
/// </summary>
public sealed class MyDataLinks(IDataProtectionProvider protection)
{
    public const string TokenParameter = "token";

    private readonly IDataProtector _protector = protection.CreateProtector("Registration.DataAccessLink.v1");

    public string Protect(string secret) => _protector.Protect(JsonSerializer.Serialize(new Payload(secret)));

    public string Unprotect(string protectedPayload) => JsonSerializer.Deserialize<Payload>(_protector.Unprotect(protectedPayload))!.Secret;

    /// <summary>The page that opens the link (relative to the site), in the query string as manage links are, so it stays out of logged paths.</summary>
    public static string LinkPath(string secret) => $"my-data/link?{TokenParameter}={Uri.EscapeDataString(secret)}";

    private sealed record Payload(string Secret);
}
