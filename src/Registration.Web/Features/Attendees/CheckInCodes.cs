using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Registration.Web.Components;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Attendees;

/// <summary>
/// The app's check-in key and the codes made with it (<see cref="CheckInKey"/>). The key is 32 random
/// bytes made on first use and kept in <c>&lt;DataDirectory&gt;/check-in.key</c>, encrypted with the
/// data-protection keys (and so with <c>Registration:KeyCertificate</c> when that is set): not in the
/// database, so that a copy of the database alone cannot make a code.
/// </summary>
public sealed class CheckInCodes
{
    private const string FileName = "check-in.key";

    private readonly Lazy<CheckInKey> _key;

    public CheckInCodes(IDataProtectionProvider protection, DataDirectory folder)
    {
        var protector = protection.CreateProtector("Registration.CheckInKey.v1");
        _key = new Lazy<CheckInKey>(() => new CheckInKey(
            KeyFile.LoadOrCreate(protector, Path.Combine(folder.Path, FileName), CheckInKey.SecretBytes, "the check-in codes in emails already sent stop working")));
    }

    /// <summary>The address a person's code opens, relative to the app's base address.</summary>
    public static string CheckInPath(string code) => $"organiser/check-in/{Uri.EscapeDataString(code)}";

    public string CodeFor(EventRegistration registration) => _key.Value.CodeFor(registration);

    public void Assign(EventRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        registration.AssignCheckInCode(_key.Value);
    }

    /// <summary>Registrations from before check-in codes got their salt from the migration; this gives them their hash.</summary>
    public async Task AssignMissingAsync(RegistrationDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var registration in await db.Registrations.Where(r => r.CheckInCodeHash == null).ToListAsync(cancellationToken))
        {
            Assign(registration);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Every registration the app saves has its check-in code's hash, however it was made.</summary>
internal sealed class AssignCheckInCodes(CheckInCodes codes) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Assign(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Assign(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Assign(DbContext? context)
    {
        foreach (var entry in context?.ChangeTracker.Entries<EventRegistration>() ?? [])
        {
            if (entry.State == EntityState.Added && entry.Entity.CheckInCodeHash is null)
            {
                codes.Assign(entry.Entity);
            }
        }
    }
}

/// <summary>At start, gives registrations saved before check-in codes existed their code's hash (the migration cannot: it has no key).</summary>
internal sealed class AssignMissingCheckInCodes(IDbContextFactory<RegistrationDbContext> dbFactory, CheckInCodes codes) : IDatabaseStartupStep
{
    public DatabaseStartupPhase Phase => DatabaseStartupPhase.RepairRows;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await codes.AssignMissingAsync(db, cancellationToken);
    }
}

/// <summary>The page shows the registration whose secret check-in code is the <c>{Code}</c> in its address.</summary>
public sealed class CheckInCodeInAddressAttribute : ItemInAddressAttribute
{
    public override async Task<bool> ExistsAsync(RegistrationDbContext db, RouteValueDictionary route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(route);
        var hash = CheckInKey.HashOf(route.GetValueOrDefault("Code") as string ?? string.Empty);
        return await db.Registrations.AnyAsync(r => r.CheckInCodeHash == hash, cancellationToken);
    }
}
