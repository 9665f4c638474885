using System.Security.Cryptography;
using System.Text;

namespace ChatBot.Api.Auth;

/// <summary>Refresh tokens are 256 random bits; only their SHA-256 reaches the database.</summary>
public static class RefreshTokens
{
    public static string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
