using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>
/// Keeps what each exported log record said, as strings taken at export time: OpenTelemetry reuses log records and
/// their attribute values (redacted ones included) once the export returns.
/// </summary>
public sealed class LogSnapshotExporter(ConcurrentCollection<LogSnapshot> logs) : BaseExporter<LogRecord>
{
    public override ExportResult Export(in Batch<LogRecord> batch)
    {
        foreach (var record in batch)
        {
            logs.Add(new LogSnapshot(record.EventId.Id, record.CategoryName, record.FormattedMessage ?? "",
                record.Attributes?.Select(a => KeyValuePair.Create(a.Key, a.Value?.ToString() ?? "")).ToList() ?? []));
        }

        return ExportResult.Success;
    }
}

public sealed record LogSnapshot(int EventId, string? Category, string Message, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    public override string ToString() => $"{Message} {string.Join(';', Attributes.Select(a => $"{a.Key}={a.Value}"))}";
}
