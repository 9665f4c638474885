using ChatBot.Core.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Core.Data.Configurations;

internal sealed class FaqConfiguration : IEntityTypeConfiguration<Faq>
{
    public void Configure(EntityTypeBuilder<Faq> builder)
    {
        builder.ToTable("faqs");
        builder.Property(f => f.ExternalId).HasMaxLength(200);
        builder.Property(f => f.Question).HasMaxLength(1000);
        builder.Property(f => f.Answer).HasMaxLength(10000);
        builder.Property(f => f.Language).HasMaxLength(16);
        builder.Property(f => f.EmbeddingModel).HasMaxLength(200);
        builder.Property(f => f.Embedding).HasColumnType($"vector({EmbeddingDimensions.Value})");
        // Language-aware document built by SQL functions the initial migration creates (see FullTextSql).
        builder.Property(f => f.SearchVector)
            .HasComputedColumnSql(FullTextSql.FaqDocumentExpression, stored: true);

        builder.HasOne(f => f.Category).WithMany()
            .HasForeignKey(f => f.CategoryId).OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(f => f.ExternalId).IsUnique();
        // Listing by category / language / active flag.
        builder.HasIndex(f => new { f.CategoryId, f.IsActive });
        builder.HasIndex(f => new { f.Language, f.IsActive });
        builder.HasIndex(f => f.Tags).HasMethod("gin");
        // Added after FAQs existed: the ones already there have learned nothing yet.
        builder.Property(f => f.LearnedAlternates).HasDefaultValueSql("'{}'::text[]");
        builder.HasIndex(f => f.SearchVector).HasMethod("gin");
        // No vector index here: every search walks the FAQ texts' graph (faq_variants), and an index on the FAQ's mean
        // embedding cost every FAQ write an HNSW insert that no query ever read.
    }
}

internal sealed class FaqCategoryConfiguration : IEntityTypeConfiguration<FaqCategory>
{
    public void Configure(EntityTypeBuilder<FaqCategory> builder)
    {
        builder.ToTable("faq_categories");
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Slug).HasMaxLength(200);
        builder.Property(c => c.Description).HasMaxLength(2000);
        builder.HasOne(c => c.Parent).WithMany(c => c.Children)
            .HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.HasIndex(c => c.ParentId);
    }
}
