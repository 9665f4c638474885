using ChatBot.Api.Auth;
using ChatBot.Core.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.Api.Infrastructure;

/// <summary>The Problem Details responses the features share, so every 4xx reads the same way.</summary>
public static class ProblemResults
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{what} was not found.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static ProblemHttpResult Locked(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status423Locked, title: "Account locked", detail: detail);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    public static ValidationProblem Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>200 with the mapped value, or the Problem Details response for the failure.</summary>
    public static Results<Ok<TOut>, ValidationProblem, ProblemHttpResult> OkOrProblem<T, TOut>(
        Result<T> result, Func<T, TOut> map, string what = "The account") => result.Kind switch
        {
            ResultKind.Ok => TypedResults.Ok(map(result.Value!)),
            ResultKind.Invalid => Validation(result.Errors!),
            ResultKind.Conflict => Conflict(result.Detail!),
            ResultKind.Locked => Locked(result.Detail!),
            _ => NotFound(what),
        };
}
