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
    /// <summary>A new export, or the one already waiting: asking twice does not make twice the work.</summary>
    public async Task<DataExport> RequestAsync(Guid userId, CancellationToken cancellationToken)
    {
        var pending = await db.DataExports.AsNoTracking()
            .Where(e => e.UserId == userId && (e.Status == DataExportStatus.Queued || e.Status == DataExportStatus.Running))
            .OrderByDescending(e => e.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (pending is not null)
        {
            return pending;
        }

        var now = time.GetUtcNow();
        var export = new DataExport { UserId = userId, CreatedAt = now, ExpiresAt = now.AddHours(options.Value.ExportLifetimeHours) };
        db.DataExports.Add(export);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.ExportRequest, succeeded: true, userId, new { export_id = export.Id }, cancellationToken: cancellationToken);
        return export;
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
