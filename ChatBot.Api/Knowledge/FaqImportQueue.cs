using System.Diagnostics;
using System.Runtime.CompilerServices;
using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Knowledge;

/// <summary>
/// Hands uploaded FAQ files to the Worker's import job (a row in <c>faq_imports</c>, written with the request's trace
/// so the job links to it) and reports their progress.
/// </summary>
public sealed class FaqImportQueue(ChatBotDbContext db, TimeProvider time)
{
    /// <summary>How often a progress stream looks at the import again.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<FaqImportResponse> EnqueueAsync(FaqImportFile file, int rows, Guid userId, CancellationToken cancellationToken)
    {
        var import = new FaqImport
        {
            FileName = file.FileName,
            MediaType = file.MediaType,
            Content = file.Content,
            TotalRows = rows,
            CreatedById = userId,
            CreatedAt = time.GetUtcNow(),
            TraceParent = Activity.Current?.Id,
        };
        db.FaqImports.Add(import);
        await db.SaveChangesAsync(cancellationToken);
        return FaqImportResponse.From(import);
    }

    public async Task<FaqImportResponse?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.FaqImports.AsNoTracking().Where(i => i.Id == id).Select(Progress).SingleOrDefaultAsync(cancellationToken) is { } import
            ? FaqImportResponse.From(import)
            : null;

    /// <summary>The import's state each time it changes, until it has finished.</summary>
    public async IAsyncEnumerable<FaqImportResponse> WatchAsync(Guid id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FaqImportResponse? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var current = await GetAsync(id, cancellationToken);
            if (current is null)
            {
                yield break;
            }

            if (last is null || current.Status != last.Status || current.DoneRows != last.DoneRows)
            {
                last = current;
                yield return current;
            }

            if (current.IsFinished)
            {
                yield break;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>Everything but the file itself, which may be megabytes.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<FaqImport, FaqImport>> Progress = i => new FaqImport
    {
        Id = i.Id,
        Status = i.Status,
        FileName = i.FileName,
        MediaType = i.MediaType,
        TotalRows = i.TotalRows,
        DoneRows = i.DoneRows,
        CreatedCount = i.CreatedCount,
        UpdatedCount = i.UpdatedCount,
        Errors = i.Errors,
        CreatedAt = i.CreatedAt,
        StartedAt = i.StartedAt,
        FinishedAt = i.FinishedAt,
    };
}
