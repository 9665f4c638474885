using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatBot.Core.Data.Migrations
{
    /// <summary>
    /// The FAQ texts' HNSW index over half-precision copies of the embeddings (an expression index, so raw SQL): half
    /// the size, and search p95 at 100k FAQs 20-22 ms instead of 27 (docs/benchmarks.md). FaqCandidateSearch.Sql orders
    /// by the same expression. ef_construction stays 128: at 100k near-duplicate texts the better-linked graph finds
    /// 94 % of the exact 10 nearest FAQs instead of 86 % with pgvector's default of 64.
    /// </summary>
    public partial class HalfPrecisionFaqTextGraph : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_faq_variants_embedding",
                table: "faq_variants");

            migrationBuilder.Sql("""
                CREATE INDEX ix_faq_variants_embedding ON faq_variants
                USING hnsw ((embedding::halfvec(384)) halfvec_cosine_ops) WITH (m = 16, ef_construction = 128)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_faq_variants_embedding",
                table: "faq_variants");

            migrationBuilder.CreateIndex(
                name: "ix_faq_variants_embedding",
                table: "faq_variants",
                column: "embedding")
                .Annotation("Npgsql:IndexMethod", "hnsw")
                .Annotation("Npgsql:IndexOperators", new[] { "vector_cosine_ops" })
                .Annotation("Npgsql:StorageParameter:ef_construction", 128)
                .Annotation("Npgsql:StorageParameter:m", 16);
        }
    }
}
