using ChatBot.Api.Auditing;
using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Api.RateLimiting;
using ChatBot.Core.Identity;
using ChatBot.Core.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.Privacy;

/// <summary>The user's privacy rights: consent, a copy of their data, and erasure (their own, or by an admin).</summary>
public static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/api/v1/users/me").WithTags("Privacy").RequireAuthorization(Policies.User);
        me.MapGet("/consent", GetConsent).WithSummary("Current consents and their history");
        me.MapPut("/consent", ReplaceConsent).WithSummary("Give or withdraw consents (all three at once)");
        me.MapPost("/export", RequestExport).WithSummary("Ask for a copy of all your data (JSON); 202 with its status");
        me.MapGet("/export", ListExports).WithSummary("Your recent exports");
        me.MapGet("/export/{id:guid}", GetExport).WithSummary("An export's status, with its download URL once ready");
        me.MapGet("/export/{id:guid}/download", DownloadExport)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .WithSummary("Download a finished export (until it expires)");
        // A password check: on the credentials budget (per IP), like sign-in.
        me.MapDelete("", DeleteMe).WithMetadata(RateLimitTier.Credentials).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Erase your account and everything stored about you (asks for the password)");
        routes.MapDelete("/api/v1/admin/users/{id:guid}", DeleteUser).WithTags("Admin").RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Erase an account and everything stored about it");
        return routes;
    }

    private static async Task<Results<Ok<ConsentResponse>, ProblemHttpResult>> GetConsent(
        HttpContext http, ConsentService consents, CancellationToken cancellationToken) =>
        await consents.GetAsync(http.User.UserId(), cancellationToken) is { } consent ? TypedResults.Ok(consent) : ProblemResults.NotFound("The account");

    private static async Task<Results<Ok<ConsentResponse>, ProblemHttpResult>> ReplaceConsent(
        ConsentRequest request, HttpContext http, ConsentService consents, CancellationToken cancellationToken) =>
        await consents.ReplaceAsync(http.User.UserId(), request, ClientInfo.From(http), cancellationToken) is { } consent
            ? TypedResults.Ok(consent)
            : ProblemResults.NotFound("The account");

    private static async Task<Accepted<DataExportResponse>> RequestExport(HttpContext http, DataExportService exports, CancellationToken cancellationToken)
    {
        var export = await exports.RequestAsync(http.User.UserId(), cancellationToken);
        return TypedResults.Accepted($"/api/v1/users/me/export/{export.Id}", DataExportService.Describe(export));
    }

    private static async Task<Ok<DataExportResponse[]>> ListExports(HttpContext http, DataExportService exports, CancellationToken cancellationToken) =>
        TypedResults.Ok((await exports.ListAsync(http.User.UserId(), cancellationToken)).Select(DataExportService.Describe).ToArray());

    private static async Task<Results<Ok<DataExportResponse>, ProblemHttpResult>> GetExport(
        Guid id, HttpContext http, DataExportService exports, CancellationToken cancellationToken) =>
        await exports.FindAsync(http.User.UserId(), id, cancellationToken) is { } export
            ? TypedResults.Ok(DataExportService.Describe(export))
            : ProblemResults.NotFound("The export");

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> DownloadExport(
        Guid id, HttpContext http, DataExportService exports, CancellationToken cancellationToken)
    {
        var export = await exports.FindAsync(http.User.UserId(), id, cancellationToken);
        if (export is null)
        {
            return ProblemResults.NotFound("The export");
        }

        if (exports.IsExpired(export))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Gone",
                detail: "This export has expired and was deleted. Ask for a new one.");
        }

        if (export.Status != DataExportStatus.Ready)
        {
            return ProblemResults.Conflict($"The export is {export.Status.ToString().ToLowerInvariant()}, not ready yet.");
        }

        await exports.RecordDownloadAsync(export, cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.ContentLength = export.SizeBytes;
        return TypedResults.Stream(output => exports.CopyToAsync(export.Id, output, http.RequestAborted),
            "application/json", $"chatbot-export-{export.CreatedAt:yyyyMMdd}-{export.Id}.json");
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteMe(
        [FromBody] DeleteAccountRequest request, HttpContext http, UserManager<User> users, AccountEraser eraser,
        AuditTrail audit, CancellationToken cancellationToken)
    {
        var userId = http.User.UserId();
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return ProblemResults.NotFound("The account");
        }

        // Failures count towards the account's lockout, as at sign-in: a stolen token cannot guess its way to erasure.
        if (await users.IsLockedOutAsync(user) || !await users.CheckPasswordAsync(user, request.Password))
        {
            var lockedOut = await users.IsLockedOutAsync(user);
            if (!lockedOut)
            {
                await users.AccessFailedAsync(user);
            }

            await audit.RecordAsync(AuditActions.ErasureRefused, succeeded: false, userId,
                new { reason = lockedOut ? "locked_out" : "wrong_password" }, cancellationToken: cancellationToken);
            return ProblemResults.Validation("password", lockedOut
                ? "Too many wrong passwords: the account is locked for a while."
                : "The password is not correct.");
        }

        return Erased(await eraser.EraseAsync(userId, adminId: null, cancellationToken), "The account");
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteUser(
        Guid id, HttpContext http, AccountEraser eraser, CancellationToken cancellationToken)
    {
        var adminId = http.User.UserId();
        if (id == adminId)
        {
            return ProblemResults.Conflict("Admins erase their own account from their profile (DELETE /api/v1/users/me), with their password.");
        }

        return Erased(await eraser.EraseAsync(id, adminId, cancellationToken), "The user");
    }

    private static Results<NoContent, ValidationProblem, ProblemHttpResult> Erased(ErasureOutcome outcome, string what) => outcome switch
    {
        ErasureOutcome.Erased => TypedResults.NoContent(),
        ErasureOutcome.LastAdmin => ProblemResults.Conflict("The only admin cannot be erased: make another account admin first."),
        _ => ProblemResults.NotFound(what),
    };
}
