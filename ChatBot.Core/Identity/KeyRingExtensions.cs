using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Core.Identity;

public static class KeyRingExtensions
{
    /// <summary>
    /// Encrypts the Data Protection key ring (stored in PostgreSQL by <see cref="IdentityExtensions.AddChatBotIdentity"/>)
    /// with the certificate in <c>DataProtection:Certificate</c>, so a copy of the database cannot mint password-reset
    /// codes; keys stored in plain text before are revoked and deleted at start (<see cref="PlaintextKeyRetirement"/>).
    /// Without a certificate the keys stay in plain text and the service warns at start.
    /// </summary>
    public static IHostApplicationBuilder AddKeyRingEncryption(this IHostApplicationBuilder builder)
    {
        // Read now, not through IOptions: the Data Protection builder takes the certificates when it is configured.
        var options = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var dataProtection = builder.Services.AddDataProtection();
        if (options.LoadCertificate() is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
            if (options.LoadPreviousCertificates() is { Count: > 0 } previous)
            {
                dataProtection.UnprotectKeysWithAnyCertificate([.. previous]);
            }
        }

        builder.Services.AddHostedService<PlaintextKeyRetirement>();
        return builder;
    }
}
