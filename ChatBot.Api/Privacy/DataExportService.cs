using ChatBot.Api.Auditing;
using ChatBot.Core.Data;
using ChatBot.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Privacy;

/// <summary>
/// Data portability: queues an export for the Worker, reports its status, and streams the finished file chunk by
/// chunk to its owner (and nobody else) until it expires.
/// </summary>
public sealed class DataExportService(ChatBotDbContext db, AuditTrail audit, IOptions<PrivacyOptions> options, TimeProvider time)
{
    /// <summary>Exports written less than this long ago are handed out again instead of writing a new copy.</summary>
    public static readonly TimeSpan ReuseWithin = TimeSpan.FromHours(1);

    /// <summary>
    /// A new export, or the one already waiting or written within the last hour: asking again does not make the Worker
    /// copy the whole history again (nor fill the database with copies).
    /// </summary>
    public async Task<DataExport> RequestAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (await ReusableAsync(userId, cancellationToken) is { } existing)
        {
            return existing;
        }

        var now = time.GetUtcNow();
        var export = new DataExport { UserId = userId, CreatedAt = now, ExpiresAt = now.AddHours(options.Value.ExportLifetimeHours) };
        db.DataExports.Add(export);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A second request at the same instant: the unique pending index let only one through.
            db.ChangeTracker.Clear();
            return await ReusableAsync(userId, cancellationToken) ?? throw new InvalidOperationException("The pending export vanished.");
        }

        await audit.RecordAsync(AuditActions.ExportRequest, succeeded: true, userId, new { export_id = export.Id }, cancellationToken: cancellationToken);
        return export;
    }

    private Task<DataExport?> ReusableAsync(Guid userId, CancellationToken cancellationToken)
    {
        var recent = time.GetUtcNow() - ReuseWithin;
        return db.DataExports.AsNoTracking()
            .Where(e => e.UserId == userId && (e.Status == DataExportStatus.Queued || e.Status == DataExportStatus.Running ||
                                               (e.Status == DataExportStatus.Ready && e.CompletedAt > recent)))
            .OrderByDescending(e => e.CreatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    public Task<DataExport?> FindAsync(Guid userId, Guid exportId, CancellationToken cancellationToken) =>
        db.DataExports.AsNoTracking().SingleOrDefaultAsync(e => e.Id == exportId && e.UserId == userId, cancellationToken);

    public Task<List<DataExport>> ListAsync(Guid userId, CancellationToken cancellationToken) =>
        db.DataExports.AsNoTracking().Where(e => e.UserId == userId).OrderByDescending(e => e.CreatedAt).Take(20).ToListAsync(cancellationToken);

    public bool IsExpired(DataExport export) => export.ExpiresAt <= time.GetUtcNow();

    public Task RecordDownloadAsync(DataExport export, CancellationToken cancellationToken) =>
        audit.RecordAsync(AuditActions.ExportDownload, succeeded: true, export.UserId, new { export_id = export.Id }, cancellationToken: cancellationToken);

    /// <summary>Copies the file to <paramref name="output"/> one chunk at a time (one chunk in memory at most).</summary>
    public async Task CopyToAsync(Guid exportId, Stream output, CancellationToken cancellationToken)
    {
        for (var sequence = 0; ; sequence++)
        {
            var chunk = await db.DataExportChunks.AsNoTracking()
                .Where(c => c.ExportId == exportId && c.Sequence == sequence)
                .Select(c => c.Data).SingleOrDefaultAsync(cancellationToken);
            if (chunk is null)
            {
                return;
            }

            await output.WriteAsync(chunk, cancellationToken);
        }
    }

    public static DataExportResponse Describe(DataExport export) => new(
        export.Id,
        export.Status.ToString().ToLowerInvariant(),
        export.CreatedAt,
        export.CompletedAt,
        export.ExpiresAt,
        export.Status == DataExportStatus.Ready ? export.SizeBytes : null,
        export.Status == DataExportStatus.Ready ? $"/api/v1/users/me/export/{export.Id}/download" : null);
}
