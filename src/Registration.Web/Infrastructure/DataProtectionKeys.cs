using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Registration.Web.Infrastructure;

/// <summary>
/// <c>Registration:KeyCertificate</c>: a .pfx or .p12 file whose certificate encrypts the data-protection
/// keys at rest; its password comes from <c>Registration:KeyCertificatePassword</c>, meant to be set by the
/// environment variable <c>Registration__KeyCertificatePassword</c>, never in appsettings.json.
/// </summary>
public sealed class KeyCertificateOptions
{
    public string? KeyCertificate { get; set; }

    public string? KeyCertificatePassword { get; set; }

    /// <summary>The certificate with its private key, or the one line that says what is wrong with the settings.</summary>
    internal (X509Certificate2? Certificate, string? Problem) Load()
    {
        if (string.IsNullOrWhiteSpace(KeyCertificate))
        {
            return (null, null);
        }

        var path = Path.GetFullPath(KeyCertificate, Environment.CurrentDirectory);
        if (!File.Exists(path))
        {
            return (null, $"Registration:KeyCertificate: there is no file at {path}.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, KeyCertificatePassword);
        }
        catch (CryptographicException)
        {
            return (null, $"Registration:KeyCertificate: {path} cannot be opened with Registration:KeyCertificatePassword (a wrong password, or not a .pfx or .p12 file).");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            return (null, $"Registration:KeyCertificate: {path} holds no private key, so keys encrypted with it could not be read back.");
        }

        return (certificate, null);
    }
}

public static class DataProtectionKeys
{
    /// <summary>
    /// The data folder (<see cref="DataDirectory"/>) and the data-protection keys in its <c>keys</c> folder,
    /// so that antiforgery tokens, cookies and protected outbox payloads survive a restart; encrypted with
    /// <c>Registration:KeyCertificate</c> when it is set. A certificate that cannot be used stops the app at
    /// start with one message naming the setting, and no key is read or written meanwhile.
    /// </summary>
    public static IServiceCollection AddDataFolder(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DataDirectory>();
        var dataProtection = services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>().Configure<DataDirectory, ILoggerFactory, IOptions<KeyCertificateOptions>>((keys, folder, loggers, certificate) =>
        {
            // Reading the value runs its validation: a bad certificate setting throws here, before any key is used.
            _ = certificate.Value;
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder.Subfolder("keys")), loggers);
        });

        services.AddOptions<KeyCertificateOptions>().Bind(configuration.GetSection(RegistrationOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyCertificateOptions>, KeyCertificateValidation>();

        // Data protection takes the certificate when services are registered, so it is loaded here too; when
        // it cannot be, the validation above refuses to start.
        var (certificate, _) = (configuration.GetSection(RegistrationOptions.SectionName).Get<KeyCertificateOptions>() ?? new()).Load();
        if (certificate is not null)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        return services;
    }

    private sealed class KeyCertificateValidation : IValidateOptions<KeyCertificateOptions>
    {
        public ValidateOptionsResult Validate(string? name, KeyCertificateOptions options)
        {
            var (certificate, problem) = options.Load();
            certificate?.Dispose();
            return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
        }
    }
}
