using ChatBot.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.Web.Downloads;

/// <summary>
/// Files the Api keeps for a signed-in user: their data export and, for admins, the weekly analytics reports. The
/// browser holds no Api token (tokens stay on this server), so its download links point here, and the Api's answer is
/// streamed on as it arrives, never held whole in memory.
/// </summary>
public static class DownloadEndpoints
{
    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/account/export/{id:guid}", (Guid id, HttpContext context, ApiClient api) =>
                PassThroughAsync(context, api, $"/api/v1/users/me/export/{id}/download"))
            .RequireAuthorization();
        routes.MapGet("/admin/analytics/reports/{id:guid}", (Guid id, HttpContext context, ApiClient api) =>
                PassThroughAsync(context, api, $"/api/v1/analytics/reports/{id}"))
            .RequireAuthorization(new AuthorizeAttribute { Roles = "admin" });
        return routes;
    }

    private static async Task<Results<PushStreamHttpResult, ChallengeHttpResult, ContentHttpResult>> PassThroughAsync(
        HttpContext context, ApiClient api, string path)
    {
        UseRequestUser(context);
        var (response, error) = await api.SendRawAsync(
            () => new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (error is not null)
        {
            return Refused(error);
        }

        context.Response.RegisterForDispose(response!);
        var content = response!.Content;
        context.Response.ContentLength = content.Headers.ContentLength;
        context.Response.Headers.CacheControl = "no-store";
        // A file opened in the browser from this site (the report is HTML) must not run script with the user's session.
        context.Response.Headers.ContentSecurityPolicy = "sandbox; frame-ancestors 'none'";
        var fileName = content.Headers.ContentDisposition?.FileNameStar ?? content.Headers.ContentDisposition?.FileName?.Trim('"');
        return TypedResults.Stream(async body =>
        {
            await using var source = await content.ReadAsStreamAsync(context.RequestAborted);
            await source.CopyToAsync(body, context.RequestAborted);
        }, content.Headers.ContentType?.ToString(), fileName);
    }

    /// <summary>
    /// The Api's refusal, as the browser should see it: a session that ended signs in again; anything else keeps its
    /// status (404 someone else's or an unknown file, 409 not ready, 410 expired) with the Api's sentence.
    /// </summary>
    private static Results<PushStreamHttpResult, ChallengeHttpResult, ContentHttpResult> Refused(ApiError error) => error switch
    {
        { IsUnauthorized: true } => TypedResults.Challenge(),
        { IsUnavailable: true } => TypedResults.Text(error.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable),
        _ => TypedResults.Text(error.Message, "text/plain; charset=utf-8", statusCode: error.Status),
    };

    /// <summary>
    /// <see cref="ApiClient"/> finds the session through the authentication state, which Blazor sets for its pages; an
    /// endpoint sets it from the request's own cookie principal.
    /// </summary>
    private static void UseRequestUser(HttpContext context)
    {
        if (context.RequestServices.GetRequiredService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));
        }
    }
}
