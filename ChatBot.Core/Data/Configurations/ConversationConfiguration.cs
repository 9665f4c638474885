using ChatBot.Core.Conversations;
using ChatBot.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Core.Data.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("conversations");
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.Language).HasMaxLength(16);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.HandoffStatus).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        // A user's conversation list, newest first.
        builder.HasIndex(c => new { c.UserId, c.LastMessageAt });
        // Moderators' queue of open handoffs.
        builder.HasIndex(c => new { c.HandoffStatus, c.HandoffRequestedAt }).HasFilter("handoff_status <> 'None'");
        // Analytics over time and retention clean-up.
        builder.HasIndex(c => c.CreatedAt);
        // Conversation search (ILIKE '%q%').
        builder.HasIndex(c => c.Title).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.FeedbackRating).HasConversion<string>().HasMaxLength(8);
        builder.Property(m => m.Language).HasMaxLength(16);
        builder.Property(m => m.Model).HasMaxLength(100);
        builder.Property(m => m.FeedbackComment).HasMaxLength(2000);
        builder.OwnsOne(m => m.Moderation, moderation => moderation.ToJson());
        builder.OwnsMany(m => m.Sources, sources => sources.ToJson());
        builder.HasOne(m => m.Conversation).WithMany(c => c.Messages)
            .HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // Reading a conversation in order; ids are GUIDv7 so they sort by time too.
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt });
        // Conversation search (ILIKE '%q%') over message text.
        builder.HasIndex(m => m.Content).HasMethod("gin").HasOperators("gin_trgm_ops");
        // Analytics: answers that got feedback.
        builder.HasIndex(m => m.FeedbackAt).HasFilter("feedback_at IS NOT NULL");
        // Analytics: messages, citations and unanswered questions of a range of days (today's figures are read live).
        builder.HasIndex(m => m.CreatedAt);
    }
}
