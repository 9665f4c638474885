using System.Diagnostics;
using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.Worker.Knowledge;

/// <summary>
/// Writes one queued FAQ import: claims it with a lease, parses and validates the whole file (all rows or none), then
/// embeds and writes it in batches. Each batch commits together with the import's progress, under the lease, so a
/// Worker that dies mid-import leaves a consistent state another Worker resumes from, and no row is written twice.
/// At the end the knowledge version moves on and the answer model is retrained; only then is the import completed.
/// </summary>
public sealed class FaqImportProcessor(
    ChatBotDbContext db,
    FaqImporter importer,
    FaqWriter writer,
    IOptions<ImportOptions> options,
    ChatBotMetrics metrics,
    TimeProvider time,
    ILogger<FaqImportProcessor> logger)
{
    /// <summary>Who holds a lease: this process, on this machine.</summary>
    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Claims and writes the next import waiting (or abandoned by a dead Worker); false when there is none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        if (await ClaimAsync(cancellationToken) is not { } id)
        {
            return false;
        }

        var import = await db.FaqImports.AsNoTracking().SingleAsync(i => i.Id == id, cancellationToken);
        using var activity = JobTelemetry.StartWork("faq.import", import.TraceParent);
        activity?.SetTag("chatbot.import.id", id);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ProcessAsync(import, activity, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Left running under its lease: the next claim after the lease ends retries it, up to MaxAttempts.
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            logger.LogError(exception, "Import {ImportId} failed on attempt {Attempt}; it is retried after its lease ends", id, import.Attempts);
        }
        finally
        {
            // A rolled-back batch leaves its entities tracked; the next import in this job run must not save them.
            db.ChangeTracker.Clear();
        }

        metrics.ImportFinished(Stopwatch.GetElapsedTime(started), import.TotalRows);
        return true;
    }

    private async Task ProcessAsync(FaqImport import, Activity? activity, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (import.Attempts > settings.MaxAttempts)
        {
            await FinishAsync(import.Id, FaqImportStatus.Failed, [$"file: gave up after {settings.MaxAttempts} attempts"], cancellationToken);
            return;
        }

        var rows = FaqImportParser.Parse(import.Content ?? [], import.MediaType);
        var plan = await importer.PlanAsync(rows, cancellationToken);
        activity?.SetTag("chatbot.import.rows", rows.Count);
        if (plan.Errors.Count > 0)
        {
            var reported = plan.ErrorsUpTo(settings.MaxReportedErrors);
            await db.FaqImports.Where(i => i.Id == import.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.TotalRows, rows.Count), cancellationToken);
            await FinishAsync(import.Id, FaqImportStatus.Failed, reported, cancellationToken);
            return;
        }

        await db.FaqImports.Where(i => i.Id == import.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.TotalRows, plan.Rows.Count), cancellationToken);
        for (var done = import.DoneRows; done < plan.Rows.Count;)
        {
            var batch = plan.Rows.Skip(done).Take(settings.BatchSize).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var written = await importer.WriteAsync(batch, import.CreatedById, cancellationToken);
            if (written.Conflict is { } conflict)
            {
                await transaction.RollbackAsync(cancellationToken);
                await FinishAsync(import.Id, FaqImportStatus.Failed, [$"rows {batch[0].RowNumber}-{batch[^1].RowNumber}: {conflict}"], cancellationToken);
                return;
            }

            done += batch.Count;
            var leaseEnd = time.GetUtcNow().AddSeconds(settings.LeaseSeconds);
            var progressed = await db.FaqImports.Where(i => i.Id == import.Id && i.LockedBy == Instance)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.DoneRows, done)
                    .SetProperty(i => i.CreatedCount, i => i.CreatedCount + written.Summary.Created)
                    .SetProperty(i => i.UpdatedCount, i => i.UpdatedCount + written.Summary.Updated)
                    .SetProperty(i => i.LockedUntil, leaseEnd), cancellationToken);
            if (progressed == 0)
            {
                // The lease ran out and another Worker took over: this batch must not count twice.
                await transaction.RollbackAsync(cancellationToken);
                logger.LogWarning("Lost the lease on import {ImportId}; another Worker continues it", import.Id);
                return;
            }

            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        // New content is announced (and the answer model retrained) once, for the whole file.
        await writer.KnowledgeChangedAsync(cancellationToken);
        await FinishAsync(import.Id, FaqImportStatus.Completed, [], cancellationToken);
        logger.LogInformation("Import {ImportId} wrote {Rows} FAQs", import.Id, plan.Rows.Count);
    }

    /// <summary>Takes the oldest queued import, or a running one whose Worker stopped renewing its lease.</summary>
    private async Task<Guid?> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var leaseEnd = now.AddSeconds(options.Value.LeaseSeconds);
        var claimed = await db.Database.SqlQuery<Guid>($"""
            UPDATE faq_imports
            SET status = 'Running', locked_by = {Instance}, locked_until = {leaseEnd}, attempts = attempts + 1,
                started_at = COALESCE(started_at, {now})
            WHERE id = (
                SELECT id FROM faq_imports
                WHERE status = 'Queued' OR (status = 'Running' AND locked_until < {now})
                ORDER BY created_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        return claimed.Count == 0 ? null : claimed[0];
    }

    /// <summary>Only under this Worker's lease: one that lost it must not finish an import another Worker is writing.</summary>
    private async Task FinishAsync(Guid id, FaqImportStatus status, List<string> errors, CancellationToken cancellationToken) =>
        await db.FaqImports.Where(i => i.Id == id && i.LockedBy == Instance).ExecuteUpdateAsync(set => set
            .SetProperty(i => i.Status, status)
            .SetProperty(i => i.Errors, errors)
            .SetProperty(i => i.FinishedAt, time.GetUtcNow())
            .SetProperty(i => i.Content, (byte[]?)null)
            .SetProperty(i => i.LockedBy, (string?)null)
            .SetProperty(i => i.LockedUntil, (DateTimeOffset?)null), cancellationToken);
}
