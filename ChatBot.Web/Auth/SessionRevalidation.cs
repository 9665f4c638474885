using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using StackExchange.Redis;

namespace ChatBot.Web.Auth;

/// <summary>
/// An open page (circuit) re-checks its session every minute: when the tokens are gone (signed out elsewhere, refresh
/// refused) or the Api now gives the user another role, the page loses its sign-in and the router sends it to sign-in.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, ILogger<SessionRevalidation> logger)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.SessionKey() is not { } session)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var tokens = await scope.ServiceProvider.GetRequiredService<TokenStore>().GetAsync(session, cancellationToken);
            return tokens is not null && tokens.Claims.Role == authenticationState.User.FindFirstValue(ClaimTypes.Role);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Redis is down or slow: that says nothing about this session. Keep the page; the next check decides.
            logger.LogWarning(exception, "Could not re-check a web session; checking again in a minute");
            return true;
        }
    }
}
