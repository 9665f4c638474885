using ChatBot.Core.Analytics;
using Quartz;

namespace ChatBot.Worker.Jobs;

/// <summary>Writes last week's analytics report and mails the admins who opted in (see <see cref="WeeklyReportService"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class WeeklyReportJob(WeeklyReportService reports, IConfiguration configuration) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var web = configuration["App:PublicWebUrl"] ?? "http://localhost:3000";
        var report = await reports.WriteLastWeekAsync($"{web.TrimEnd('/')}/admin/analytics", cancellationToken);
        context.Result = report is null ? "already written" : $"{report.From:yyyy-MM-dd}..{report.To:yyyy-MM-dd}";
    }
}
