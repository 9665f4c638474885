using System.Net;
using System.Net.Http.Json;
using ChatBot.Web.Api;
using ChatBot.Web.Api.Contracts;

namespace ChatBot.Web.Auth;

/// <summary>
/// Hands out a session's access token, refreshing it with the refresh token shortly before it expires (or when the Api
/// refused it), so users never see their 30-minute tokens run out. A refused refresh (revoked, reused, expired) ends the
/// web session: its tokens are dropped and the user signs in again.
/// </summary>
public sealed class AccessTokens(TokenStore store, IHttpClientFactory http, TimeProvider time, ILogger<AccessTokens> logger)
{
    /// <summary>Refresh this long before expiry, so a token never dies on its way to the Api.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    /// <summary>The session's tokens with a valid access token, or null when the session has ended.</summary>
    public async Task<SessionTokens?> GetAsync(string session, CancellationToken cancellationToken)
    {
        var tokens = await store.GetAsync(session, cancellationToken);
        if (tokens is null)
        {
            return null;
        }

        return tokens.AccessExpiresAt - time.GetUtcNow() > RefreshMargin
            ? tokens
            : await RefreshAsync(session, tokens.AccessToken, cancellationToken);
    }

    /// <summary>
    /// Exchanges the refresh token for a new pair, unless another circuit or replica already did since
    /// <paramref name="staleAccessToken"/> was handed out. Null when the session has ended.
    /// </summary>
    public async Task<SessionTokens?> RefreshAsync(string session, string staleAccessToken, CancellationToken cancellationToken)
    {
        await using var _ = await store.LockAsync(session, cancellationToken);
        // Once asked, the refresh runs to the end on its own clock, not the caller's: the Api rotates the refresh token
        // when it answers, so a refresh abandoned half-way (the user left the page) would lose the new one and end
        // the session. The store's lock outlives this timeout, so no second refresh can start meanwhile.
        using var timeout = new CancellationTokenSource(TokenStore.RefreshTimeout);
        var tokens = await store.GetAsync(session, timeout.Token);
        if (tokens is null || (tokens.AccessToken != staleAccessToken && tokens.AccessExpiresAt - time.GetUtcNow() > RefreshMargin))
        {
            return tokens;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh")
        {
            Content = JsonContent.Create(new { refresh_token = tokens.RefreshToken }, options: ApiJson.Options),
        };
        BrowserClient.Of(tokens).ApplyTo(request);
        using var response = await http.CreateClient(ApiClient.HttpClientName).SendAsync(request, timeout.Token);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            logger.LogInformation("The Api refused to refresh web session tokens ({Status}); the session ends", (int)response.StatusCode);
            await store.RemoveAsync(session, timeout.Token);
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            // The Api is busy or down: keep what we have; the caller sees the Api's own error on its next call.
            return tokens;
        }

        var pair = (await response.Content.ReadFromJsonAsync<TokenPair>(ApiJson.Options, timeout.Token))!;
        var refreshed = Create(pair, time.GetUtcNow(), BrowserClient.Of(tokens));
        await store.SaveAsync(session, refreshed, timeout.Token);
        return refreshed;
    }

    public static SessionTokens Create(TokenPair pair, DateTimeOffset now, BrowserClient? client = null) => new(
        pair.AccessToken,
        pair.RefreshToken,
        now.AddSeconds(pair.ExpiresIn),
        now.AddSeconds(pair.RefreshExpiresIn),
        AccessTokenClaims.Read(pair.AccessToken),
        client?.Address,
        client?.UserAgent);
}
