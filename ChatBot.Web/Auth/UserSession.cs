using Microsoft.AspNetCore.Components.Authorization;

namespace ChatBot.Web.Auth;

/// <summary>The signed-in browser session behind the current circuit or request.</summary>
public sealed class UserSession(AuthenticationStateProvider authentication)
{
    public async Task<string?> KeyAsync() => (await authentication.GetAuthenticationStateAsync()).User.SessionKey();
}
