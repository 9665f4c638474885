using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace ChatBot.Api.Tests.Users;

/// <summary>
/// The Data Protection key ring (what reset codes are made with) encrypted with a certificate from configuration. Each
/// test has a database of its own: the key ring is shared by every Api on a database.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class KeyRingEncryptionTests(ApiFixture fixture)
{
    [Fact]
    public async Task With_a_certificate_the_stored_keys_hold_no_plain_secret_and_reset_codes_work()
    {
        var database = await NewDatabaseAsync();
        await using var api = fixture.CreateApi(Settings(database, NewCertificate()));
        using var anonymous = api.CreateClient();
        var user = await anonymous.RegisterAsync();

        var code = await RequestCodeAsync(api, user);
        using var reset = await ResetAsync(api, user, code, "encrypted-ring-passphrase");
        using var login = await api.CreateClient().LoginRawAsync(user.Email, "encrypted-ring-passphrase");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var stored = await StoredKeysAsync(api);
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Switching_the_certificate_on_retires_the_keys_stored_in_plain_text_before()
    {
        var database = await NewDatabaseAsync();
        var user = await RegisterAsync(database);
        string earlierCode;
        await using (var plain = fixture.CreateApi(Settings(database, certificate: null), configureServices: s => s.AddFakeLogging()))
        {
            earlierCode = await RequestCodeAsync(plain, user);
            Assert.Contains(await StoredKeysAsync(plain), xml => xml.Contains("<masterKey", StringComparison.Ordinal));
            Assert.Contains(plain.Services.GetFakeLogCollector().GetSnapshot(),
                r => r.Level == LogLevel.Warning && r.Message.Contains("DataProtection:Certificate", StringComparison.Ordinal));
        }

        await using var encrypted = fixture.CreateApi(Settings(database, NewCertificate()), configureServices: s => s.AddFakeLogging());
        var storedAtStart = await StoredKeysAsync(encrypted);
        // A copy of the database taken before could mint codes with a plain key: none is trusted any more.
        using var earlier = await ResetAsync(encrypted, user, earlierCode, "earlier-code-passphrase");
        var laterCode = await RequestCodeAsync(encrypted, user);
        using var later = await ResetAsync(encrypted, user, laterCode, "later-code-passphrase");

        Assert.DoesNotContain(storedAtStart, xml => xml.Contains("<masterKey", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, earlier.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, later.StatusCode);
        var stored = await StoredKeysAsync(encrypted);
        Assert.NotEmpty(stored);
        Assert.All(stored, xml => Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal));
        var logs = encrypted.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(logs, r => r.Level == LogLevel.Warning && r.Message.Contains("Revoked and deleted", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, r => r.Message.Contains("set DataProtection:Certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replaced_certificate_kept_as_a_previous_one_still_reads_the_keys_it_encrypted()
    {
        var database = await NewDatabaseAsync();
        var user = await RegisterAsync(database);
        var (first, second) = (NewCertificate(), NewCertificate());
        string code;
        await using (var before = fixture.CreateApi(Settings(database, first)))
        {
            code = await RequestCodeAsync(before, user);
        }

        await using (var withoutPrevious = fixture.CreateApi(Settings(database, second)))
        {
            using var refused = await ResetAsync(withoutPrevious, user, code, "never-set-passphrase");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        await using var withPrevious = fixture.CreateApi(Settings(database, second, previous: first));
        using var accepted = await ResetAsync(withPrevious, user, code, "rotated-cert-passphrase");
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
    }

    [Fact]
    public void A_certificate_setting_that_holds_no_certificate_stops_the_Api_with_the_setting_named()
    {
        var exception = Record.Exception(() => fixture.CreateApi(new Dictionary<string, string?> { ["DataProtection:Certificate"] = "bm90IGEgY2VydGlmaWNhdGU=" }));

        Assert.NotNull(exception);
        Assert.Contains("DataProtection:Certificate", exception.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A self-signed RSA certificate with its private key, as base64 PKCS#12 (what Key Vault hands out).</summary>
    private static string NewCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ChatBot key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12, "test-password"));
    }

    private static Dictionary<string, string?> Settings(string database, string? certificate, string? previous = null)
    {
        var settings = new Dictionary<string, string?> { [$"ConnectionStrings:{ConnectionNames.Database}"] = database };
        if (certificate is not null)
        {
            settings["DataProtection:Certificate"] = certificate;
            settings["DataProtection:CertificatePassword"] = "test-password";
        }

        if (previous is not null)
        {
            settings["DataProtection:PreviousCertificates:0"] = previous;
        }

        return settings;
    }

    /// <summary>An empty, migrated database on the fixture's server.</summary>
    private async Task<string> NewDatabaseAsync()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync($"keyring_{Guid.NewGuid():N}");
        var options = new DbContextOptionsBuilder<ChatBotDbContext>();
        DataExtensions.ConfigureDbContext(options);
        options.UseNpgsql(connectionString, npgsql => npgsql.UseVector());
        await using var db = new ChatBotDbContext(options.Options);
        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return connectionString;
    }

    private async Task<TestUser> RegisterAsync(string database)
    {
        await using var api = fixture.CreateApi(Settings(database, certificate: null));
        using var client = api.CreateClient();
        return await client.RegisterAsync();
    }

    /// <summary>Asks for a reset and reads the code from the queued mail, as the Worker would send it.</summary>
    private static async Task<string> RequestCodeAsync(ChatBotApiFactory api, TestUser user)
    {
        using var forgot = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = user.Email });
        Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);
        var mail = await api.WithDbAsync(db => db.OutboxEmails.Where(m => m.To == user.Email && m.Kind == "password_reset")
            .OrderByDescending(m => m.CreatedAt).FirstAsync());
        return mail.Data!["code"];
    }

    private static Task<HttpResponseMessage> ResetAsync(ChatBotApiFactory api, TestUser user, string code, string password) =>
        api.CreateClient().PostAsJsonAsync("/api/v1/auth/reset-password", new { email = user.Email, token = code, new_password = password });

    private static Task<List<string>> StoredKeysAsync(ChatBotApiFactory api) =>
        api.WithDbAsync(db => db.DataProtectionKeys.Where(k => k.FriendlyName!.StartsWith("key-")).Select(k => k.Xml!).ToListAsync());
}
