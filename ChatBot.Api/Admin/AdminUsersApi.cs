using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Api.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.Api.Admin;

public static class AdminUsersApi
{
    public static IEndpointRouteBuilder MapAdminUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin/users").WithTags("Admin").RequireAuthorization(Policies.Admin);
        group.MapGet("", List).WithSummary("Accounts, paged, optionally filtered by email or user name");
        group.MapPut("/{id:guid}/role", ChangeRole).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Set an account's role (user, moderator, admin)");
        group.MapPost("/{id:guid}/disable", Disable).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Disable an account: sign-in refused, all tokens stop working");
        group.MapPost("/{id:guid}/enable", Enable).WithSummary("Re-enable a disabled account");
        routes.MapGet("/api/v1/admin/jobs", Jobs).WithTags("Admin").RequireAuthorization(Policies.Admin)
            .WithSummary("The Worker's scheduled jobs (next and last run, failures), the mail outbox and recent imports");
        return routes;
    }

    private static async Task<Ok<JobsOverview>> Jobs(JobsReader jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.ReadAsync(cancellationToken));

    private static async Task<Ok<PagedResponse<UserResponse>>> List([AsParameters] UserListQuery query, AdminUserService admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(query, cancellationToken));

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> ChangeRole(
        Guid id, ChangeRoleRequest request, HttpContext http, AdminUserService admin, CancellationToken cancellationToken) =>
        ProblemResults.OkOrProblem(await admin.ChangeRoleAsync(http.User.UserId(), id, request.Role, cancellationToken), user => user, "The user");

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> Disable(
        Guid id, HttpContext http, AdminUserService admin, CancellationToken cancellationToken) =>
        ProblemResults.OkOrProblem(await admin.SetDisabledAsync(http.User.UserId(), id, disabled: true, cancellationToken), user => user, "The user");

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> Enable(
        Guid id, HttpContext http, AdminUserService admin, CancellationToken cancellationToken) =>
        ProblemResults.OkOrProblem(await admin.SetDisabledAsync(http.User.UserId(), id, disabled: false, cancellationToken), user => user, "The user");
}
