using System.Net.Http.Json;
using ChatBot.Web.Api;
using ChatBot.Web.Api.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Polly;

namespace ChatBot.Web.Auth;

/// <summary>
/// Signs a browser in: the Api checks the credentials and issues tokens, the tokens go to the <see cref="TokenStore"/>
/// under a new random session id, and the browser gets a cookie naming only that id.
/// </summary>
public sealed class SignInService(IHttpClientFactory http, TokenStore store, TimeProvider time, ILogger<SignInService> logger)
{
    public async Task<ApiError?> SignInAsync(HttpContext context, string login, string password, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        var client = BrowserClient.Of(context);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
            {
                Content = JsonContent.Create(new { email = login, password }, options: ApiJson.Options),
            };
            client.ApplyTo(request);
            response = await http.CreateClient(ApiClient.HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or ExecutionRejectedException
                                              && !cancellationToken.IsCancellationRequested)
        {
            return ApiError.Unreachable;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return await ApiProblemReader.ReadAsync(response, cancellationToken);
            }

            var tokens = AccessTokens.Create((await response.Content.ReadFromJsonAsync<TokenPair>(ApiJson.Options, cancellationToken))!,
                time.GetUtcNow(), client);
            var session = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            await store.SaveAsync(session, tokens, cancellationToken);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, WebClaims.Create(session, tokens.Claims),
                new AuthenticationProperties { IsPersistent = true, ExpiresUtc = tokens.RefreshExpiresAt });
            return null;
        }
    }

    /// <summary>Ends the session at the Api (its refresh tokens and this access token die at once) and in the browser.</summary>
    public async Task SignOutAsync(HttpContext context, AccessTokens tokens, CancellationToken cancellationToken)
    {
        try
        {
            if (context.User.SessionKey() is { } session)
            {
                await EndSessionAsync(session, tokens, cancellationToken);
            }
        }
        finally
        {
            // Whatever failed above, the browser is signed out: the cookie goes.
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private async Task EndSessionAsync(string session, AccessTokens tokens, CancellationToken cancellationToken)
    {
        // Before the Api hears of it: from then on its open pages may get a refused token at any moment.
        await store.MarkSignedOutAsync(session);
        try
        {
            if (await tokens.GetAsync(session, cancellationToken) is { } current)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", current.AccessToken);
                BrowserClient.Of(current).ApplyTo(request);
                using var _ = await http.CreateClient(ApiClient.HttpClientName).SendAsync(request, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or ExecutionRejectedException)
        {
            // The Api is down: the tokens below are forgotten anyway and expire by themselves.
            logger.LogWarning(exception, "Signing out at the Api failed; the web session ends regardless");
        }

        await store.RemoveAsync(session, cancellationToken);
    }
}
