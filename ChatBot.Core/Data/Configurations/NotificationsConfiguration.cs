using ChatBot.Core.Identity;
using ChatBot.Core.Notifications;
using Microsoft.EntityFrameworkCore;
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
        builder.Property(e => e.LastError).HasMaxLength(2000);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        // The sender's queue: unsent mail, oldest first.
        builder.HasIndex(e => e.CreatedAt).HasFilter("sent_at IS NULL");
        builder.HasIndex(e => e.UserId);
    }
}
