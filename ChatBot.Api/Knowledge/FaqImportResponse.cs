using System.Text.Json.Serialization;
using ChatBot.Core.Knowledge;

namespace ChatBot.Api.Knowledge;

/// <summary>An import's state: queued, running (with rows done), completed (with counts) or failed (with row errors).</summary>
public sealed record FaqImportResponse(
    Guid Id,
    string Status,
    string FileName,
    int TotalRows,
    int DoneRows,
    int Created,
    int Updated,
    IReadOnlyList<string> Errors,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    [JsonIgnore]
    public bool IsFinished => Status is "completed" or "failed";

    public static FaqImportResponse From(FaqImport import) => new(import.Id, import.Status.ToString().ToLowerInvariant(), import.FileName,
        import.TotalRows, import.DoneRows, import.CreatedCount, import.UpdatedCount, import.Errors, import.CreatedAt, import.StartedAt, import.FinishedAt);
}
