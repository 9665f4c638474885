using MailKit.Security;

namespace ChatBot.Worker.Email;

/// <summary>
/// Where mail goes: the <c>smtp</c> connection string, <c>smtp://user:password@host:port?security=none|starttls|ssl|auto</c>
/// (the AppHost points it at a local inbox in development). Without one, mail waits in the outbox.
/// </summary>
public sealed record SmtpOptions(string Host, int Port, string? UserName, string? Password, SecureSocketOptions Security)
{
    public const string ConnectionName = "smtp";

    public static SmtpOptions? Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString) || !Uri.TryCreate(connectionString, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("smtp" or "smtps"))
        {
            return null;
        }

        var credentials = uri.UserInfo.Split(':', 2);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var security = query["security"]?.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ when uri.Scheme == "smtps" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        return new SmtpOptions(
            uri.Host,
            uri.IsDefaultPort ? (uri.Scheme == "smtps" ? 465 : 25) : uri.Port,
            credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : null,
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null,
            security);
    }
}
