using System.Diagnostics;
using Npgsql;

namespace ChatBot.Core.Data;

/// <summary>
/// Names each PostgreSQL span after its statement (<c>SELECT</c>, <c>INSERT</c>, ...) and tags it with
/// <c>db.operation.name</c>, so a trace shows what each database call did rather than a row of "postgresql".
/// </summary>
public static class NpgsqlTracing
{
    public static void Configure(NpgsqlTracingOptionsBuilder tracing) => tracing
        .ConfigureCommandSpanNameProvider(command => OperationOf(command.CommandText))
        .ConfigureCommandEnrichmentCallback((activity, command) => Tag(activity, command.CommandText))
        .ConfigureBatchSpanNameProvider(batch => batch.BatchCommands.Count > 0 ? $"{OperationOf(batch.BatchCommands[0].CommandText)} (batch)" : "BATCH")
        .ConfigureBatchEnrichmentCallback((activity, batch) => Tag(activity, batch.BatchCommands.Count > 0 ? batch.BatchCommands[0].CommandText : null));

    private static void Tag(Activity activity, string? sql) => activity.SetTag("db.operation.name", OperationOf(sql));

    /// <summary>The statement's first keyword, skipping whitespace and leading <c>--</c> comments (EF tags queries so).</summary>
    public static string OperationOf(string? sql)
    {
        var text = sql.AsSpan();
        while (true)
        {
            text = text.TrimStart();
            if (!text.StartsWith("--"))
            {
                break;
            }

            var end = text.IndexOf('\n');
            text = end < 0 ? [] : text[(end + 1)..];
        }

        var length = 0;
        while (length < text.Length && char.IsAsciiLetter(text[length]))
        {
            length++;
        }

        return length == 0 ? "SQL" : text[..length].ToString().ToUpperInvariant();
    }
}
