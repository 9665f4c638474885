namespace ChatBot.Core.Analytics;

/// <summary>The admin dashboard's figures for a range of UTC days (both ends included).</summary>
public sealed record Dashboard(
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

/// <param name="Dau">Distinct users active per day, averaged over the range's days.</param>
/// <param name="Wau">Distinct users active in the 7 days ending at the range's last day.</param>
/// <param name="Mau">Distinct users active in the 30 days ending at the range's last day.</param>
public sealed record ActiveUserFigures(double Dau, long Wau, long Mau);

/// <summary>Estimated from latency buckets (see <see cref="AnalyticsMetrics.LatencyBoundsMs"/>); null without answers.</summary>
public sealed record LatencyFigures(int? P50, int? P95);

public sealed record ModelTokens(string Model, long PromptTokens, long CompletionTokens);

/// <param name="Satisfaction">Share of ratings that were 👍, or null without ratings.</param>
public sealed record FeedbackFigures(long Up, long Down, double? Satisfaction);

public sealed record CategoryCount(string Category, long Count);

public sealed record CitedFaq(int FaqId, string? Question, long Citations);

/// <summary>Questions the bot could not answer, grouped by meaning: the gaps worth a new FAQ.</summary>
/// <param name="Question">The most frequent wording in the group (personal data masked).</param>
/// <param name="Examples">Up to three other wordings.</param>
public sealed record UnansweredQuestion(string Question, int Count, IReadOnlyList<string> Examples);
