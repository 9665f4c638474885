using ChatBot.Core.Identity;
using ChatBot.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Core.Data.Configurations;

internal sealed class ModerationFlagConfiguration : IEntityTypeConfiguration<ModerationFlag>
{
    public void Configure(EntityTypeBuilder<ModerationFlag> builder)
    {
        builder.ToTable("moderation_flags");
        builder.Property(f => f.Source).HasMaxLength(16);
        builder.Property(f => f.Content).HasMaxLength(20000);
        builder.Property(f => f.Provider).HasMaxLength(32);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Resolution).HasMaxLength(16);
        builder.Property(f => f.ResolutionNote).HasMaxLength(2000);
        // The moderators' queue: open flags, oldest first.
        builder.HasIndex(f => new { f.Status, f.CreatedAt });
        builder.HasIndex(f => f.UserId);
        // A flag written for an erased account (an answer still in flight) fails instead of outliving it.
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
