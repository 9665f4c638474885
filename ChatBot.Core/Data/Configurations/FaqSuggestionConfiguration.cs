using ChatBot.Core.Conversations;
using ChatBot.Core.Identity;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Core.Data.Configurations;

internal sealed class FaqSuggestionConfiguration : IEntityTypeConfiguration<FaqSuggestion>
{
    public void Configure(EntityTypeBuilder<FaqSuggestion> builder)
    {
        builder.ToTable("faq_suggestions");
        builder.Property(s => s.Text).HasMaxLength(1000);
        builder.Property(s => s.Key).HasMaxLength(1000);
        builder.Property(s => s.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        // One user confirms a phrasing of an FAQ once, however often they rate or ask.
        builder.HasIndex(s => new { s.FaqId, s.Key, s.ConfirmedById }).IsUnique();
        // The review queue: one status, oldest first.
        builder.HasIndex(s => new { s.Status, s.CreatedAt });
        builder.HasOne<Faq>().WithMany().HasForeignKey(s => s.FaqId).OnDelete(DeleteBehavior.Cascade);
        // The user's words go with the user's message or account (erasure, retention); approved ones live on in the FAQ.
        builder.HasOne<Message>().WithMany().HasForeignKey(s => s.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.ConfirmedById).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.ReviewedById).OnDelete(DeleteBehavior.SetNull);
    }
}
