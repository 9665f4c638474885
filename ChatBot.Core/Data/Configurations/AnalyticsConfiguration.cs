using ChatBot.Core.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Core.Data.Configurations;

internal sealed class AnalyticsRollupConfiguration : IEntityTypeConfiguration<AnalyticsRollup>
{
    public void Configure(EntityTypeBuilder<AnalyticsRollup> builder)
    {
        builder.ToTable("analytics_rollups");
        builder.HasKey(r => new { r.Day, r.Metric, r.Key });
        builder.Property(r => r.Metric).HasMaxLength(64);
        builder.Property(r => r.Key).HasMaxLength(200);
    }
}

internal sealed class AnalyticsReportConfiguration : IEntityTypeConfiguration<AnalyticsReport>
{
    public void Configure(EntityTypeBuilder<AnalyticsReport> builder)
    {
        builder.ToTable("analytics_reports");
        // One report per week: a second Worker (or a retried run) finds it written.
        builder.HasIndex(r => new { r.From, r.To }).IsUnique();
    }
}
