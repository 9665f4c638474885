using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Analytics;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Analytics;

/// <summary>
/// Usage analytics for admins and moderators (past days from the Worker's rollups, today live), one user's activity
/// for admins and for the user themself, and the weekly reports.
/// </summary>
public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/analytics").WithTags("Analytics");
        group.MapGet("/dashboard", Dashboard).RequireAuthorization(Policies.Moderator)
            .WithSummary("Users, activity, answers, latency, tokens, feedback, handoffs, moderation, top FAQs and unanswered questions");
        group.MapGet("/conversations", Conversations).RequireAuthorization(Policies.Moderator)
            .WithSummary("Conversations per day or week: counts, average length and duration, resolution and handoff rates");
        group.MapGet("/user/{id:guid}", UserActivity).RequireAuthorization(Policies.User)
            .WithSummary("One user's activity (admins, or the user themself)");
        group.MapGet("/reports", Reports).RequireAuthorization(Policies.Admin).WithSummary("The weekly analytics reports, newest first");
        group.MapGet("/reports/{id:guid}", Report).RequireAuthorization(Policies.Admin).WithSummary("Download a weekly report (HTML)");
        return routes;
    }

    private static async Task<Results<Ok<Dashboard>, ValidationProblem>> Dashboard(
        string? from, string? to, DashboardBuilder dashboards, TimeProvider time, CancellationToken cancellationToken)
    {
        var (range, errors) = AnalyticsRange.Parse(from, to, Today(time));
        return range is null
            ? ProblemResults.Validation(errors)
            : TypedResults.Ok(await dashboards.BuildAsync(range.From, range.To, cancellationToken));
    }

    private static async Task<Results<Ok<ConversationAnalytics>, ValidationProblem>> Conversations(
        string? from, string? to, string? granularity, ConversationTrends trends, TimeProvider time, CancellationToken cancellationToken)
    {
        var (range, errors) = AnalyticsRange.Parse(from, to, Today(time));
        if (AnalyticsRange.ParseGranularity(granularity) is not { } step)
        {
            errors["granularity"] = ["Use 'day' or 'week'."];
        }
        else if (range is not null)
        {
            return TypedResults.Ok(new ConversationAnalytics(range.From, range.To, step.ToString().ToLowerInvariant(),
                await trends.ReadAsync(range.From, range.To, step, cancellationToken)));
        }

        return ProblemResults.Validation(errors);
    }

    private static async Task<Results<Ok<UserActivity>, ProblemHttpResult>> UserActivity(
        Guid id, HttpContext http, UserActivityReader activity, CancellationToken cancellationToken)
    {
        // Anyone else's id reads as unknown: no hint that the account exists.
        if (id != http.User.UserId() && !http.User.HasClaim(ChatBotClaims.Role, Roles.Admin))
        {
            return ProblemResults.NotFound("The user");
        }

        return await activity.ReadAsync(id, cancellationToken) is { } found ? TypedResults.Ok(found) : ProblemResults.NotFound("The user");
    }

    private static async Task<Ok<ReportSummary[]>> Reports(ChatBotDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.AnalyticsReports.AsNoTracking().OrderByDescending(r => r.From).Take(104)
            .Select(r => new ReportSummary(r.Id, r.From, r.To, r.CreatedAt, "/api/v1/analytics/reports/" + r.Id))
            .ToArrayAsync(cancellationToken));

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Report(Guid id, ChatBotDbContext db, CancellationToken cancellationToken)
    {
        var report = await db.AnalyticsReports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return report is null
            ? ProblemResults.NotFound("The report")
            : TypedResults.File(System.Text.Encoding.UTF8.GetBytes(report.Html), "text/html; charset=utf-8",
                $"chatbot-report-{report.From:yyyy-MM-dd}.html");
    }

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}

public sealed record ConversationAnalytics(DateOnly From, DateOnly To, string Granularity, IReadOnlyList<ConversationPeriod> Periods);

public sealed record ReportSummary(Guid Id, DateOnly From, DateOnly To, DateTimeOffset CreatedAt, string DownloadUrl);
