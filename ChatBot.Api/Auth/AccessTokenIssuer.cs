using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ChatBot.Core.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.Api.Auth;

/// <summary>Signs short-lived access tokens (HS256) for a user's session.</summary>
public sealed class AccessTokenIssuer(IOptions<JwtOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static SymmetricSecurityKey SigningKeyFrom(JwtOptions options) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey ?? throw new InvalidOperationException("Jwt:SigningKey is not configured")));

    public IssuedAccessToken Issue(User user, string role, Guid sessionId)
    {
        var jwt = options.Value;
        var now = time.GetUtcNow();
        var expires = now.Add(jwt.AccessTokenLifetime);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKeyFrom(jwt), SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(ChatBotClaims.Subject, user.Id.ToString()),
                new Claim(ChatBotClaims.TokenId, Guid.CreateVersion7().ToString()),
                new Claim(ChatBotClaims.SessionId, sessionId.ToString()),
                new Claim(ChatBotClaims.Name, user.UserName ?? ""),
                new Claim(ChatBotClaims.Email, user.Email ?? ""),
                new Claim(ChatBotClaims.Role, role),
                new Claim(ChatBotClaims.StampFingerprint, StampFingerprint(user.SecurityStamp)),
            ]),
        };
        return new IssuedAccessToken(_handler.CreateToken(descriptor), (int)jwt.AccessTokenLifetime.TotalSeconds, expires);
    }

    /// <summary>A short, non-reversible digest of the security stamp: enough to compare, useless to steal.</summary>
    public static string StampFingerprint(string? securityStamp) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(securityStamp ?? "")), 0, 8);
}

public sealed record IssuedAccessToken(string Token, int ExpiresInSeconds, DateTimeOffset ExpiresAt);
