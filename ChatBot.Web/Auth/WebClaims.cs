using System.Security.Claims;

namespace ChatBot.Web.Auth;

/// <summary>What the session cookie's principal carries: who (for pages) and which server-side session (for tokens).</summary>
public static class WebClaims
{
    public const string Session = "chatbot:session";

    public const string Email = ClaimTypes.Email;

    public static string? SessionKey(this ClaimsPrincipal principal) => principal.FindFirstValue(Session);

    public static ClaimsPrincipal Create(string session, AccessTokenClaims claims) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, claims.UserId.ToString()),
        new Claim(ClaimTypes.Name, claims.UserName),
        new Claim(ClaimTypes.Email, claims.Email),
        new Claim(ClaimTypes.Role, claims.Role),
        new Claim(Session, session),
    ], Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme));
}
