using ChatBot.Core.Identity;
using ChatBot.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Core.Data.Configurations;

internal sealed class DataExportConfiguration : IEntityTypeConfiguration<DataExport>
{
    public void Configure(EntityTypeBuilder<DataExport> builder)
    {
        builder.ToTable("data_exports");
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.LockedBy).HasMaxLength(200);
        builder.Property(e => e.Error).HasMaxLength(2000);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<DataExportChunk>().WithOne().HasForeignKey(c => c.ExportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.UserId, e.CreatedAt });
        // At most one export waiting or being written per user, whatever the timing of their requests.
        builder.HasIndex(e => e.UserId).IsUnique().HasFilter("status IN ('Queued', 'Running')").HasDatabaseName("ix_data_exports_user_id_pending");
        // The export job's queue, and the retention job's expired files.
        builder.HasIndex(e => new { e.Status, e.CreatedAt }).HasFilter("status IN ('Queued', 'Running')");
        builder.HasIndex(e => e.ExpiresAt);
    }
}

internal sealed class DataExportChunkConfiguration : IEntityTypeConfiguration<DataExportChunk>
{
    public void Configure(EntityTypeBuilder<DataExportChunk> builder)
    {
        builder.ToTable("data_export_chunks");
        builder.HasKey(c => new { c.ExportId, c.Sequence });
    }
}
