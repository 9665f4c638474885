using System.Buffers.Text;
using System.Text.Json;

namespace ChatBot.Web.Auth;

/// <summary>
/// Who an access token is for, read from its payload. The token came straight from our Api over the service network,
/// so the web app reads it without validating the signature; the Api validates every token it receives.
/// </summary>
public sealed record AccessTokenClaims(Guid UserId, string UserName, string Email, string Role)
{
    public static AccessTokenClaims Read(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException("Not a JWT");
        }

        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var root = payload.RootElement;
        return new AccessTokenClaims(
            Guid.Parse(root.GetProperty("sub").GetString()!),
            root.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
            root.TryGetProperty("email", out var email) ? email.GetString() ?? "" : "",
            root.TryGetProperty("role", out var role) ? role.GetString() ?? "user" : "user");
    }
}
