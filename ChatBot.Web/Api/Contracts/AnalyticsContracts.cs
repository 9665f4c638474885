namespace ChatBot.Web.Api.Contracts;

/// <summary>The analytics dashboard for a range of UTC days, both included (<c>GET /api/v1/analytics/dashboard</c>).</summary>
public sealed record AnalyticsDashboard(
    DateOnly From,
    DateOnly To,
    UserFigures Users,
    ActiveUserFigures ActiveUsers,
    long Conversations,
    long Messages,
    long Answers,
    LatencyFigures AnswerLatencyMs,
    IReadOnlyList<ModelTokens> TokensByModel,
    double? FallbackRate,
    FeedbackFigures Feedback,
    long Handoffs,
    IReadOnlyList<CategoryCount> ModerationBlocks,
    IReadOnlyList<CitedFaq> TopFaqs,
    IReadOnlyList<UnansweredQuestion> UnansweredQuestions);

public sealed record UserFigures(long Total, long New);

/// <param name="Dau">Distinct users per day, averaged over the range.</param>
/// <param name="Wau">Distinct users in the 7 days ending at the range's last day.</param>
/// <param name="Mau">Distinct users in the 30 days ending at the range's last day.</param>
public sealed record ActiveUserFigures(double Dau, long Wau, long Mau);

public sealed record LatencyFigures(int? P50, int? P95);

public sealed record ModelTokens(string Model, long PromptTokens, long CompletionTokens);

public sealed record FeedbackFigures(long Up, long Down, double? Satisfaction);

public sealed record CategoryCount(string Category, long Count);

public sealed record CitedFaq(int FaqId, string? Question, long Citations);

public sealed record UnansweredQuestion(string Question, int Count, IReadOnlyList<string> Examples);

/// <summary>Conversations per day or week (<c>GET /api/v1/analytics/conversations</c>).</summary>
public sealed record ConversationAnalytics(DateOnly From, DateOnly To, string Granularity, IReadOnlyList<ConversationPeriod> Periods);

public sealed record ConversationPeriod(
    DateOnly From,
    DateOnly To,
    long Conversations,
    long Messages,
    double? AverageMessages,
    double? AverageDurationSeconds,
    double? ResolutionRate,
    double? HandoffRate);

/// <summary>A weekly report the Worker wrote (<c>GET /api/v1/analytics/reports</c>).</summary>
public sealed record ReportSummary(Guid Id, DateOnly From, DateOnly To, DateTimeOffset CreatedAt, string DownloadUrl);
