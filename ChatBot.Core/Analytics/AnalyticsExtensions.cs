using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Core.Analytics;

public static class AnalyticsExtensions
{
    /// <summary>The analytics readers (Api) and the rollup and report writers (Worker): both work on the same counters.</summary>
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DailyCounterQuery>();
        builder.Services.AddScoped<DailyCounterReader>();
        builder.Services.AddScoped<UnansweredQuestionGroups>();
        builder.Services.AddScoped<DashboardBuilder>();
        builder.Services.AddScoped<ConversationTrends>();
        builder.Services.AddScoped<UserActivityReader>();
        builder.Services.AddScoped<AnalyticsRollupService>();
        builder.Services.AddScoped<WeeklyReportService>();
        return builder;
    }
}
