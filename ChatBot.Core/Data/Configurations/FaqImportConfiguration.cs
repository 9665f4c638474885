using ChatBot.Core.Identity;
using ChatBot.Core.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Core.Data.Configurations;

internal sealed class FaqImportConfiguration : IEntityTypeConfiguration<FaqImport>
{
    public void Configure(EntityTypeBuilder<FaqImport> builder)
    {
        builder.ToTable("faq_imports");
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.MediaType).HasMaxLength(100);
        builder.Property(i => i.LockedBy).HasMaxLength(200);
        builder.Property(i => i.TraceParent).HasMaxLength(100);
        builder.HasOne<User>().WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.SetNull);
        // The import job's queue: waiting imports, and running ones whose lease may have run out.
        builder.HasIndex(i => new { i.Status, i.CreatedAt }).HasFilter("status IN ('Queued', 'Running')");
    }
}
