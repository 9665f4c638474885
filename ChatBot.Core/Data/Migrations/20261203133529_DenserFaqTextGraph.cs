using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DenserFaqTextGraph : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
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
                .Annotation("Npgsql:StorageParameter:ef_construction", 64)
                .Annotation("Npgsql:StorageParameter:m", 16);
        }
    }
}
