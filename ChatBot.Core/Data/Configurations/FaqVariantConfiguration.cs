using ChatBot.Core.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Core.Data.Configurations;

internal sealed class FaqVariantConfiguration : IEntityTypeConfiguration<FaqVariant>
{
    public void Configure(EntityTypeBuilder<FaqVariant> builder)
    {
        builder.ToTable("faq_variants");
        builder.Property(v => v.Text).HasMaxLength(1000);
        builder.Property(v => v.Language).HasMaxLength(16);
        builder.Property(v => v.EmbeddingModel).HasMaxLength(200);
        builder.Property(v => v.Embedding).HasColumnType($"vector({EmbeddingDimensions.Value})");
        builder.Property(v => v.SearchVector)
            .HasComputedColumnSql("to_tsvector(chatbot_ts_config(language), text)", stored: true);
        builder.HasOne<Faq>().WithMany().HasForeignKey(v => v.FaqId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.FaqId, v.Ordinal }).IsUnique();
        builder.HasIndex(v => v.SearchVector).HasMethod("gin");
        // The vector index is over the embedding as halfvec, an expression EF Core cannot model: it is created in the
        // HalfPrecisionFaqTextGraph migration and rebuilt by FaqTextIndex as the table grows (its query: FaqCandidateSearch.Sql).
    }
}
