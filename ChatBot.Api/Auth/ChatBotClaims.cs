using System.Security.Claims;

namespace ChatBot.Api.Auth;

/// <summary>Claim names in our access tokens (JWT registered names where one exists).</summary>
public static class ChatBotClaims
{
    public const string Subject = "sub";
    public const string TokenId = "jti";
    public const string SessionId = "sid";
    public const string Name = "name";
    public const string Email = "email";
    public const string Role = "role";

    /// <summary>Fingerprint of the user's security stamp; a changed stamp (password, role, disable) voids the token.</summary>
    public const string StampFingerprint = "sst";

    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(Subject), out var id)
            ? id
            : throw new InvalidOperationException("The principal has no user id; is the endpoint authorised?");

    public static Guid? SessionIdOrNull(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionId), out var id) ? id : null;
}
