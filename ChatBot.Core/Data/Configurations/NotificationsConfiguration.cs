using System.Text.Json;
using ChatBot.Core.Identity;
using ChatBot.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Core.Data.Configurations;

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("outbox_emails");
        builder.Property(e => e.To).HasMaxLength(320);
        builder.Property(e => e.Subject).HasMaxLength(300);
        builder.Property(e => e.Kind).HasMaxLength(64);
        builder.Property(e => e.Language).HasMaxLength(16);
        builder.Property(e => e.LastError).HasMaxLength(2000);
        builder.Property(e => e.TraceParent).HasMaxLength(100);
        builder.Property(e => e.Data).HasColumnType("jsonb").HasConversion(
            data => data == null ? null : JsonSerializer.Serialize(data, (JsonSerializerOptions?)null),
            json => json == null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json, (JsonSerializerOptions?)null),
            new ValueComparer<Dictionary<string, string>?>(
                (a, b) => a == b || (a != null && b != null && a.Count == b.Count && !a.Except(b).Any()),
                data => data == null ? 0 : data.Count,
                data => data == null ? null : new Dictionary<string, string>(data)));
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        // The sender's queue: mail neither sent nor given up on, by when it is due.
        builder.HasIndex(e => new { e.NextAttemptAt, e.CreatedAt }).HasFilter("sent_at IS NULL AND failed_at IS NULL");
        builder.HasIndex(e => e.UserId);
    }
}
