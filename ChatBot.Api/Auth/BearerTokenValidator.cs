using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChatBot.Api.Auth;

/// <summary>
/// Validates an access token outside the HTTP pipeline (a WebSocket's first frame) exactly as the bearer handler does:
/// same signature, issuer, audience, lifetime and algorithm rules, then the same revocation checks.
/// </summary>
public sealed class BearerTokenValidator(IOptionsMonitor<JwtBearerOptions> bearer, AccessTokenValidator revocation)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<ClaimsPrincipal?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var parameters = bearer.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return null;
        }

        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        return await revocation.RejectionReasonAsync(principal, cancellationToken) is null ? principal : null;
    }
}
