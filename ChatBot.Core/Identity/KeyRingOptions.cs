using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ChatBot.Core.Identity;

/// <summary>
/// Configuration section <c>DataProtection</c>: the certificate that encrypts the Data Protection key ring (the keys
/// behind password-reset codes) before it is stored in PostgreSQL. Each certificate is a PKCS#12 (.pfx) file with
/// its RSA private key, given as base64 or as the path of a file holding it (binary, or base64 text as Azure Key
/// Vault stores certificates).
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>Encrypts new keys and decrypts stored ones. Without it keys are stored in plain text (a warning says so).</summary>
    public string? Certificate { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Certificates replaced by <see cref="Certificate"/>: still decrypt the keys they encrypted (same forms, same password).</summary>
    public List<string> PreviousCertificates { get; set; } = [];

    /// <summary>The configured certificate, or null when none is; a certificate that cannot be used stops the service.</summary>
    public X509Certificate2? LoadCertificate() =>
        string.IsNullOrWhiteSpace(Certificate) ? null : Load(Certificate, $"{Section}:{nameof(Certificate)}");

    public IReadOnlyList<X509Certificate2> LoadPreviousCertificates() =>
        PreviousCertificates.Where(c => !string.IsNullOrWhiteSpace(c))
            .Select((c, i) => Load(c, $"{Section}:{nameof(PreviousCertificates)}:{i}")).ToList();

    private X509Certificate2 Load(string value, string setting)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12(Read(value.Trim(), setting), CertificatePassword);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"{setting} is not a PKCS#12 certificate that opens with {Section}:{nameof(CertificatePassword)}: {exception.Message}", exception);
        }

        if (!certificate.HasPrivateKey || certificate.GetRSAPublicKey() is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{setting} must hold an RSA certificate with its private key.");
        }

        return certificate;
    }

    private static byte[] Read(string value, string setting)
    {
        if (File.Exists(value))
        {
            var content = File.ReadAllBytes(value);
            // A secret mounted from Key Vault holds the PKCS#12 as base64 text; a .pfx written by openssl is binary.
            return FromBase64(Encoding.ASCII.GetString(content).Trim()) ?? content;
        }

        return FromBase64(value)
            ?? throw new InvalidOperationException($"{setting} is neither an existing file nor base64 text of a PKCS#12 certificate.");
    }

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
