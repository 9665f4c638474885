using System.Data.Common;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChatBot.Core.Analytics;

/// <summary>
/// Computes the daily counters (<see cref="AnalyticsMetrics"/>) for a range of UTC days straight from the live tables:
/// the rollup job stores what it returns for past days, and the dashboards use it for today. One statement, grouped
/// by day, so a range costs one round trip whatever its length.
/// </summary>
public sealed class DailyCounterQuery(ChatBotDbContext db)
{
    private const string Sql = $"""
        WITH turns AS (
            SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, user_id, is_fallback, latency_ms,
                   prompt_tokens, completion_tokens, COALESCE(properties->>'model', 'unknown') AS model
            FROM analytics_events
            WHERE name = '{AnalyticsEventNames.ChatTurn}' AND occurred_at >= @from AND occurred_at < @to
        ),
        buckets AS (
            SELECT day, (SELECT min(b) FROM unnest(@bounds::int[]) AS b WHERE b >= COALESCE(latency_ms, 0)) AS bound
            FROM turns
        ),
        conversation_days AS (
            SELECT (c.created_at AT TIME ZONE 'UTC')::date AS day, c.message_count,
                   EXTRACT(EPOCH FROM (c.last_message_at - c.created_at))::bigint AS seconds,
                   c.handoff_status <> 'None' AS handed_off,
                   c.handoff_status = 'None' AND c.thumbs_down_count = 0 AND EXISTS (
                       SELECT 1 FROM messages m
                       WHERE m.conversation_id = c.id AND m.role = 'Assistant' AND NOT m.is_fallback AND m.status = 'Complete'
                         AND jsonb_array_length(COALESCE(m.sources, '[]'::jsonb)) > 0) AS resolved
            FROM conversations c
            WHERE c.created_at >= @from AND c.created_at < @to
        )
        SELECT day, metric, key, value::bigint FROM (
        SELECT day, '{AnalyticsMetrics.Turns}' AS metric, '' AS key, count(*) AS value FROM turns GROUP BY day
        UNION ALL SELECT day, '{AnalyticsMetrics.Fallbacks}', '', count(*) FROM turns WHERE is_fallback GROUP BY day
        UNION ALL SELECT day, '{AnalyticsMetrics.ActiveUsers}', '', count(DISTINCT user_id) FROM (
            SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, user_id FROM analytics_events
            WHERE user_id IS NOT NULL AND occurred_at >= @from AND occurred_at < @to) AS active GROUP BY day
        UNION ALL SELECT day, '{AnalyticsMetrics.PromptTokens}', model, sum(COALESCE(prompt_tokens, 0)) FROM turns GROUP BY day, model
        UNION ALL SELECT day, '{AnalyticsMetrics.CompletionTokens}', model, sum(COALESCE(completion_tokens, 0)) FROM turns GROUP BY day, model
        UNION ALL SELECT day, '{AnalyticsMetrics.Latency}', CASE WHEN bound = 2147483647 THEN 'inf' ELSE bound::text END, count(*)
            FROM buckets GROUP BY day, bound
        UNION ALL SELECT (occurred_at AT TIME ZONE 'UTC')::date, '{AnalyticsMetrics.Handoffs}', '', count(*) FROM analytics_events
            WHERE name = '{AnalyticsEventNames.Handoff}' AND occurred_at >= @from AND occurred_at < @to GROUP BY 1
        UNION ALL SELECT (created_at AT TIME ZONE 'UTC')::date, '{AnalyticsMetrics.NewUsers}', '', count(*) FROM users
            WHERE created_at >= @from AND created_at < @to GROUP BY 1
        UNION ALL SELECT (created_at AT TIME ZONE 'UTC')::date, '{AnalyticsMetrics.Messages}', '', count(*) FROM messages
            WHERE created_at >= @from AND created_at < @to GROUP BY 1
        UNION ALL SELECT day, CASE WHEN rating = 'up' THEN '{AnalyticsMetrics.FeedbackUp}' ELSE '{AnalyticsMetrics.FeedbackDown}' END, '', sum(delta)
            FROM (
                SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, properties->>'rating' AS rating, 1 AS delta FROM analytics_events
                WHERE name = '{AnalyticsEventNames.Feedback}' AND occurred_at >= @from AND occurred_at < @to
                UNION ALL
                SELECT (occurred_at AT TIME ZONE 'UTC')::date, properties->>'previous', -1 FROM analytics_events
                WHERE name = '{AnalyticsEventNames.Feedback}' AND occurred_at >= @from AND occurred_at < @to AND properties->>'previous' IS NOT NULL
            ) AS ratings GROUP BY 1, 2
        UNION ALL SELECT (f.created_at AT TIME ZONE 'UTC')::date, '{AnalyticsMetrics.ModerationBlocks}', COALESCE(category, 'other'), count(*)
            FROM moderation_flags f LEFT JOIN LATERAL unnest(f.categories) AS category ON true
            WHERE f.blocked AND f.source = 'input' AND f.created_at >= @from AND f.created_at < @to GROUP BY 1, 3
        UNION ALL SELECT (m.created_at AT TIME ZONE 'UTC')::date, '{AnalyticsMetrics.FaqCitations}',
                COALESCE(s->>'faq_id', s->>'FaqId'), count(*)
            FROM messages m CROSS JOIN LATERAL jsonb_array_elements(COALESCE(m.sources, '[]'::jsonb)) AS s
            WHERE m.role = 'Assistant' AND m.created_at >= @from AND m.created_at < @to GROUP BY 1, 3
        UNION ALL SELECT day, '{AnalyticsMetrics.Conversations}', '', count(*) FROM conversation_days GROUP BY day
        UNION ALL SELECT day, '{AnalyticsMetrics.ConversationMessages}', '', sum(message_count) FROM conversation_days GROUP BY day
        UNION ALL SELECT day, '{AnalyticsMetrics.ConversationSeconds}', '', sum(seconds) FROM conversation_days GROUP BY day
        UNION ALL SELECT day, '{AnalyticsMetrics.ConversationsResolved}', '', count(*) FROM conversation_days WHERE resolved GROUP BY day
        UNION ALL SELECT day, '{AnalyticsMetrics.ConversationsHandedOff}', '', count(*) FROM conversation_days WHERE handed_off GROUP BY day
        ) AS counters
        """;

    /// <summary>Counters for the UTC days from <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<DailyCounter>> ComputeAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            command.Parameters.Add(new NpgsqlParameter("from", StartOf(from)));
            command.Parameters.Add(new NpgsqlParameter("to", StartOf(to.AddDays(1))));
            command.Parameters.Add(new NpgsqlParameter("bounds", AnalyticsMetrics.LatencyBoundsMs));
            var counters = new List<DailyCounter>();
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(3))
                {
                    counters.Add(new DailyCounter(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
                }
            }

            return counters;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
