using ChatBot.Core.Data;
using ChatBot.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.Worker.Privacy;

/// <summary>
/// Writes queued data exports: claims one under a lease, writes the user's document to a temporary file, then stores
/// it as chunks, so memory stays flat whatever the history's size. A Worker that dies leaves the lease to run out; the
/// next one deletes the partial chunks and starts again.
/// </summary>
public sealed class DataExportProcessor(
    ChatBotDbContext db,
    PersonalDataWriter documents,
    IOptions<PrivacyOptions> options,
    TimeProvider time,
    ILogger<DataExportProcessor> logger)
{
    private const int ChunkBytes = 1024 * 1024;
    private const int MaxAttempts = 3;
    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Claims and writes the next export waiting (or abandoned by a dead Worker); false when there is none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        if (await ClaimAsync(cancellationToken) is not { } claimed)
        {
            return false;
        }

        try
        {
            await WriteAsync(claimed.Id, claimed.UserId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Data export {ExportId} failed (attempt {Attempt})", claimed.Id, claimed.Attempts);
            db.ChangeTracker.Clear();
            await ReleaseAsync(claimed.Id, claimed.Attempts >= MaxAttempts ? DataExportStatus.Failed : DataExportStatus.Queued,
                exception.GetType().Name, cancellationToken);
        }

        return true;
    }

    private async Task WriteAsync(Guid exportId, Guid userId, CancellationToken cancellationToken)
    {
        await db.DataExportChunks.Where(c => c.ExportId == exportId).ExecuteDeleteAsync(cancellationToken);
        var path = Path.GetTempFileName();
        try
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            if (!await documents.WriteAsync(userId, file, cancellationToken))
            {
                await ReleaseAsync(exportId, DataExportStatus.Failed, "The account no longer exists.", cancellationToken);
                return;
            }

            file.Position = 0;
            if (!await RenewLeaseAsync(exportId, cancellationToken))
            {
                logger.LogWarning("Data export {ExportId} lost its lease while being written; another Worker writes it", exportId);
                return;
            }

            var buffer = new byte[ChunkBytes];
            var sequence = 0;
            int read;
            while ((read = await file.ReadAtLeastAsync(buffer, ChunkBytes, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                db.DataExportChunks.Add(new DataExportChunk { ExportId = exportId, Sequence = sequence++, Data = buffer[..read] });
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                if (!await RenewLeaseAsync(exportId, cancellationToken))
                {
                    logger.LogWarning("Data export {ExportId} lost its lease; another Worker writes it", exportId);
                    return;
                }
            }

            var now = time.GetUtcNow();
            var finished = await db.DataExports.Where(e => e.Id == exportId && e.LockedBy == Instance).ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, DataExportStatus.Ready)
                .SetProperty(e => e.SizeBytes, file.Length)
                .SetProperty(e => e.CompletedAt, now)
                .SetProperty(e => e.ExpiresAt, now.AddHours(options.Value.ExportLifetimeHours))
                .SetProperty(e => e.Error, (string?)null)
                .SetProperty(e => e.LockedBy, (string?)null)
                .SetProperty(e => e.LockedUntil, (DateTimeOffset?)null), cancellationToken);
            if (finished == 0)
            {
                logger.LogWarning("Data export {ExportId} lost its lease before it was marked ready", exportId);
                return;
            }

            logger.LogInformation("Data export {ExportId} written: {Bytes} bytes in {Chunks} chunks", exportId, file.Length, sequence);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<bool> RenewLeaseAsync(Guid exportId, CancellationToken cancellationToken) =>
        await db.DataExports.Where(e => e.Id == exportId && e.LockedBy == Instance).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.LockedUntil, time.GetUtcNow().AddSeconds(options.Value.ExportLeaseSeconds)), cancellationToken) > 0;

    private async Task ReleaseAsync(Guid exportId, DataExportStatus status, string error, CancellationToken cancellationToken) =>
        await db.DataExports.Where(e => e.Id == exportId && e.LockedBy == Instance).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.Status, status)
            .SetProperty(e => e.Error, error)
            .SetProperty(e => e.LockedBy, (string?)null)
            .SetProperty(e => e.LockedUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>Takes the oldest queued export, or a running one whose Worker stopped renewing its lease.</summary>
    private async Task<ClaimedExport?> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var leaseEnd = now.AddSeconds(options.Value.ExportLeaseSeconds);
        // An export whose Workers keep dying (it crashes the process, say) is given up, not retried forever.
        await db.DataExports
            .Where(e => e.Status == DataExportStatus.Running && e.LockedUntil < now && e.Attempts >= MaxAttempts)
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, DataExportStatus.Failed)
                .SetProperty(e => e.Error, "Gave up after repeated attempts.")
                .SetProperty(e => e.LockedBy, (string?)null)
                .SetProperty(e => e.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        var claimed = await db.Database.SqlQuery<Guid>($"""
            UPDATE data_exports
            SET status = 'Running', locked_by = {Instance}, locked_until = {leaseEnd}, attempts = attempts + 1
            WHERE id = (
                SELECT id FROM data_exports
                WHERE status = 'Queued' OR (status = 'Running' AND locked_until < {now} AND attempts < {MaxAttempts})
                ORDER BY created_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        return claimed.Count == 0
            ? null
            : await db.DataExports.AsNoTracking().Where(e => e.Id == claimed[0])
                .Select(e => new ClaimedExport(e.Id, e.UserId, e.Attempts)).SingleAsync(cancellationToken);
    }

    private sealed record ClaimedExport(Guid Id, Guid UserId, int Attempts);
}
