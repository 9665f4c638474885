using System.Globalization;
using System.Net;
using System.Text;

namespace ChatBot.Core.Analytics;

/// <summary>
/// The weekly report as one self-contained HTML page: the dashboard's figures as tables and the daily trend as inline
/// SVG bar charts (no scripts, no external files), so it opens anywhere, from a download or a mail client.
/// </summary>
public static class WeeklyReportRenderer
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(Dashboard dashboard, IReadOnlyList<ConversationPeriod> days)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ChatBot weekly report ")
            .Append(Range(dashboard)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;color:#1b1f24;max-width:880px;margin:2rem auto;padding:0 1rem}")
            .Append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border-bottom:1px solid #d0d7de;padding:.3rem .8rem;text-align:left}")
            .Append("td.n{text-align:right;font-variant-numeric:tabular-nums}h2{margin-top:2rem}.chart text{font-size:11px;fill:#57606a}")
            .Append("</style></head><body>");
        html.Append("<h1>ChatBot weekly report</h1><p>").Append(Range(dashboard)).Append(" (UTC)</p>");

        html.Append("<h2>Key figures</h2><table>");
        Row(html, "Users (total / new)", $"{dashboard.Users.Total} / {dashboard.Users.New}");
        Row(html, "Active users (daily average / week / month)", $"{dashboard.ActiveUsers.Dau.ToString("0.##", Invariant)} / {dashboard.ActiveUsers.Wau} / {dashboard.ActiveUsers.Mau}");
        Row(html, "Conversations", dashboard.Conversations.ToString(Invariant));
        Row(html, "Messages", dashboard.Messages.ToString(Invariant));
        Row(html, "Answers", dashboard.Answers.ToString(Invariant));
        Row(html, "Answer latency p50 / p95", $"{Ms(dashboard.AnswerLatencyMs.P50)} / {Ms(dashboard.AnswerLatencyMs.P95)}");
        Row(html, "Fallback rate", Percent(dashboard.FallbackRate));
        Row(html, "Satisfaction (👍 share)", $"{Percent(dashboard.Feedback.Satisfaction)} ({dashboard.Feedback.Up} 👍, {dashboard.Feedback.Down} 👎)");
        Row(html, "Handoffs to a person", dashboard.Handoffs.ToString(Invariant));
        html.Append("</table>");

        html.Append("<h2>Conversations per day</h2>");
        Chart(html, days, d => d.Conversations, "#0b5cad");
        html.Append("<h2>Messages per day</h2>");
        Chart(html, days, d => d.Messages, "#1a7f37");

        html.Append("<h2>Tokens by model</h2><table><tr><th>Model</th><th>Prompt</th><th>Completion</th></tr>");
        foreach (var model in dashboard.TokensByModel)
        {
            html.Append("<tr><td>").Append(Encode(model.Model)).Append("</td><td class=\"n\">").Append(model.PromptTokens)
                .Append("</td><td class=\"n\">").Append(model.CompletionTokens).Append("</td></tr>");
        }

        html.Append("</table><h2>Most cited FAQs</h2><table><tr><th>FAQ</th><th>Citations</th></tr>");
        foreach (var faq in dashboard.TopFaqs)
        {
            html.Append("<tr><td>").Append(Encode(faq.Question ?? $"#{faq.FaqId} (deleted)")).Append("</td><td class=\"n\">").Append(faq.Citations).Append("</td></tr>");
        }

        // Counts only: the wording is what users wrote, and a stored report outlives erasure and consent withdrawal.
        html.Append("</table><h2>Unanswered questions</h2><p>")
            .Append(dashboard.UnansweredQuestions.Sum(q => q.Count)).Append(" recent questions without an answer, in ")
            .Append(dashboard.UnansweredQuestions.Count).Append(" groups of similar questions (the largest: ")
            .Append(string.Join(", ", dashboard.UnansweredQuestions.Take(5).Select(q => q.Count.ToString(Invariant))))
            .Append("). Their wording is on the live analytics dashboard, for the knowledge base's editors.</p><table>");
        html.Append("</table><h2>Messages blocked by moderation</h2><table><tr><th>Category</th><th>Blocked</th></tr>");
        foreach (var block in dashboard.ModerationBlocks)
        {
            html.Append("<tr><td>").Append(Encode(block.Category)).Append("</td><td class=\"n\">").Append(block.Count).Append("</td></tr>");
        }

        html.Append("</table></body></html>");
        return html.ToString();
    }

    private static void Chart(StringBuilder html, IReadOnlyList<ConversationPeriod> days, Func<ConversationPeriod, long> value, string color)
    {
        const int width = 640, height = 160, bottom = 20;
        var max = Math.Max(1, days.Count == 0 ? 1 : days.Max(value));
        var slot = days.Count == 0 ? width : width / days.Count;
        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" width=\"{width}\" height=\"{height + bottom}\" viewBox=\"0 0 {width} {height + bottom}\">");
        for (var i = 0; i < days.Count; i++)
        {
            var count = value(days[i]);
            var barHeight = (int)Math.Round((double)count / max * (height - 14));
            var x = (i * slot) + 4;
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{height - barHeight}\" width=\"{slot - 8}\" height=\"{barHeight}\" fill=\"{color}\"><title>{days[i].From:yyyy-MM-dd}: {count}</title></rect>");
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height - barHeight - 3}\">{count}</text>");
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height + 14}\">{days[i].From:MM-dd}</text>");
        }

        html.Append("</svg>");
    }

    private static void Row(StringBuilder html, string label, string value) =>
        html.Append("<tr><th>").Append(Encode(label)).Append("</th><td class=\"n\">").Append(Encode(value)).Append("</td></tr>");

    private static string Range(Dashboard dashboard) => $"{dashboard.From:yyyy-MM-dd} to {dashboard.To:yyyy-MM-dd}";

    private static string Ms(int? value) => value is null ? "–" : $"{value} ms";

    private static string Percent(double? rate) => rate is null ? "–" : (rate.Value * 100).ToString("0.#", Invariant) + " %";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
