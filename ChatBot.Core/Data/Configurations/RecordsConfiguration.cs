using ChatBot.Core.Analytics;
using ChatBot.Core.Auditing;
using ChatBot.Core.Identity;
using ChatBot.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Core.Data.Configurations;

internal sealed class AnalyticsEventConfiguration : IEntityTypeConfiguration<AnalyticsEvent>
{
    public void Configure(EntityTypeBuilder<AnalyticsEvent> builder)
    {
        builder.ToTable("analytics_events");
        builder.Property(e => e.Name).HasMaxLength(64);
        builder.Property(e => e.Language).HasMaxLength(16);
        builder.Property(e => e.Properties).HasColumnType("jsonb");
        // Dashboard: counts and latencies per event type over a time range.
        builder.HasIndex(e => new { e.Name, e.OccurredAt });
        // Per-user analytics and erasure.
        builder.HasIndex(e => new { e.UserId, e.OccurredAt });
        builder.HasIndex(e => e.ConversationId);
        // Analytics: active users of a range of days; retention.
        builder.HasIndex(e => e.OccurredAt);
        // An event written for an erased account (a turn still in flight) fails instead of outliving it.
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class AuditLogConfiguration : IEntityTypeConfiguration<AuditLog>
{
    public void Configure(EntityTypeBuilder<AuditLog> builder)
    {
        builder.ToTable("audit_logs");
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.Outcome).HasMaxLength(32);
        builder.Property(a => a.IpAddress).HasMaxLength(64);
        builder.Property(a => a.UserAgent).HasMaxLength(512);
        builder.Property(a => a.Details).HasColumnType("jsonb");
        builder.HasIndex(a => new { a.UserId, a.OccurredAt });
        builder.HasIndex(a => new { a.Action, a.OccurredAt });
        builder.HasIndex(a => a.OccurredAt);
    }
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        builder.ToTable("consent_records");
        builder.Property(c => c.ConsentType).HasMaxLength(32);
        builder.Property(c => c.IpAddress).HasMaxLength(64);
        builder.Property(c => c.UserAgent).HasMaxLength(512);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.UserId, c.RecordedAt });
    }
}
