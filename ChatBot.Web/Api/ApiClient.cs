using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatBot.Web.Auth;
using Polly;
using StackExchange.Redis;

namespace ChatBot.Web.Api;

/// <summary>
/// The web app's one way to the Api (found through service discovery, never a fixed port): attaches the signed-in
/// session's access token, refreshes it once when the Api refuses it, and turns every failure into an
/// <see cref="ApiError"/> a page can show. Scoped: one per circuit or request.
/// </summary>
public sealed class ApiClient(
    IHttpClientFactory http,
    UserSession session,
    AccessTokens tokens,
    TokenStore store,
    ApiStatus status,
    IHttpContextAccessor httpContext,
    ILogger<ApiClient> logger)
{
    public const string HttpClientName = "api";

    public async Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        await SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken = default)
    {
        var outcome = await SendCoreAsync(() => Request(method, path, body), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (outcome.Error is { } error)
        {
            return error;
        }

        using var response = outcome.Response!;
        return new ApiResult<T>(await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken), null);
    }

    public async Task<ApiResult> SendAsync(HttpMethod method, string path, object? body = null, CancellationToken cancellationToken = default)
    {
        var outcome = await SendCoreAsync(() => Request(method, path, body), HttpCompletionOption.ResponseContentRead, cancellationToken);
        outcome.Response?.Dispose();
        return outcome.Error is { } error ? error : ApiResult.Success;
    }

    /// <summary>Sends a request built by <paramref name="create"/> (called again for a retry) and hands back the open response.</summary>
    public Task<(HttpResponseMessage? Response, ApiError? Error)> SendRawAsync(
        Func<HttpRequestMessage> create, HttpCompletionOption completion, CancellationToken cancellationToken) =>
        SendCoreAsync(create, completion, cancellationToken);

    /// <summary>
    /// A new request, JSON body included, on every call: a retry after a refreshed token cannot reuse a sent (and
    /// disposed) body. Uploads and streams use <see cref="SendRawAsync"/>, whose factory builds their content.
    /// </summary>
    private static HttpRequestMessage Request(HttpMethod method, string path, object? body) => new(method, path)
    {
        Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: ApiJson.Options),
    };

    private async Task<(HttpResponseMessage? Response, ApiError? Error)> SendCoreAsync(
        Func<HttpRequestMessage> create, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        (HttpResponseMessage? Response, ApiError? Error) outcome;
        try
        {
            outcome = await SendOnceAsync(create, completion, cancellationToken);
        }
        catch (Exception exception) when (IsUnreachable(exception) && !cancellationToken.IsCancellationRequested)
        {
            // The Api, or the Redis that holds the session's tokens, is down or too slow: a banner, never an error page.
            logger.LogWarning(exception, "The Api or the session store could not be reached");
            outcome = (null, ApiError.Unreachable);
        }

        status.Report(outcome.Error);
        return outcome;
    }

    /// <summary>
    /// No connection, a timeout, an open circuit (Polly's <see cref="ExecutionRejectedException"/>), or Redis failing
    /// (<see cref="RedisException"/>; its timeouts are <see cref="TimeoutException"/>s).
    /// </summary>
    private static bool IsUnreachable(Exception exception) =>
        exception is HttpRequestException or TaskCanceledException or ExecutionRejectedException or TimeoutException or RedisException;

    /// <summary>Why the session has no tokens any more: signed out by its owner, or ended (revoked, expired).</summary>
    private async Task<ApiError> EndedAsync(string session) =>
        await store.WasSignedOutAsync(session) ? ApiError.SignedOut : ApiError.SessionEnded;

    private async Task<(HttpResponseMessage? Response, ApiError? Error)> SendOnceAsync(
        Func<HttpRequestMessage> create, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var key = await session.KeyAsync();
        var current = key is null ? null : await tokens.GetAsync(key, cancellationToken);
        if (key is not null && current is null)
        {
            return (null, await EndedAsync(key));
        }

        var token = current?.AccessToken;
        // Signed in: the browser remembered at sign-in; anonymous pages render in an HTTP request that names it.
        var client = current is null ? BrowserClient.Of(httpContext.HttpContext) : BrowserClient.Of(current);

        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            using (var request = create())
            {
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                client.ApplyTo(request);

                response = await http.CreateClient(HttpClientName).SendAsync(request, completion, cancellationToken);
            }

            if (response.IsSuccessStatusCode)
            {
                return (response, null);
            }

            // A refused token (revoked elsewhere, or a role or password change): refresh once and try again. The Api
            // authenticates before doing anything, so repeating the request cannot do its work twice.
            if (response.StatusCode == HttpStatusCode.Unauthorized && key is not null && token is not null && attempt == 0)
            {
                response.Dispose();
                var refreshed = (await tokens.RefreshAsync(key, token, cancellationToken))?.AccessToken;
                if (refreshed is null)
                {
                    return (null, await EndedAsync(key));
                }

                if (refreshed == token)
                {
                    // The Api could not refresh just now (busy or down): sending the refused token again cannot help.
                    return (null, ApiError.Unreachable);
                }

                token = refreshed;

                continue;
            }

            using (response)
            {
                return (null, await ApiProblemReader.ReadAsync(response, cancellationToken));
            }
        }
    }
}
