namespace ChatBot.Web.Auth;

/// <summary>
/// One signed-in browser's tokens, kept on the server (the browser holds only an opaque session cookie), and the
/// browser's address at sign-in: the Api limits and audits per client address, and every browser reaches it through
/// this web app, so the web app tells it whose request this is (<c>X-Forwarded-For</c>, and the browser's
/// <c>User-Agent</c> so "signed-in devices" name the browser, not the web app).
/// </summary>
public sealed record SessionTokens(
    string AccessToken,
    string RefreshToken,
    DateTimeOffset AccessExpiresAt,
    DateTimeOffset RefreshExpiresAt,
    AccessTokenClaims Claims,
    string? ClientAddress = null,
    string? ClientUserAgent = null);
