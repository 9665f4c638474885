using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChatBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class LearningFromUse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "learned_alternates",
                table: "faqs",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.CreateTable(
                name: "faq_suggestions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    faq_id = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    key = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    confirmed_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reviewed_by_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_faq_suggestions", x => x.id);
                    table.ForeignKey(
                        name: "fk_faq_suggestions_asp_net_users_confirmed_by_id",
                        column: x => x.confirmed_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_faq_suggestions_asp_net_users_reviewed_by_id",
                        column: x => x.reviewed_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_faq_suggestions_faqs_faq_id",
                        column: x => x.faq_id,
                        principalTable: "faqs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_faq_suggestions_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_faq_suggestions_confirmed_by_id",
                table: "faq_suggestions",
                column: "confirmed_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_faq_suggestions_faq_id_key_confirmed_by_id",
                table: "faq_suggestions",
                columns: new[] { "faq_id", "key", "confirmed_by_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_faq_suggestions_message_id",
                table: "faq_suggestions",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_faq_suggestions_reviewed_by_id",
                table: "faq_suggestions",
                column: "reviewed_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_faq_suggestions_status_created_at",
                table: "faq_suggestions",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "faq_suggestions");

            migrationBuilder.DropColumn(
                name: "learned_alternates",
                table: "faqs");
        }
    }
}
