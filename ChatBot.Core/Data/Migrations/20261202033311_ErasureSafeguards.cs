using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatBot.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ErasureSafeguards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_data_exports_user_id_pending",
                table: "data_exports",
                column: "user_id",
                unique: true,
                filter: "status IN ('Queued', 'Running')");

            migrationBuilder.AddForeignKey(
                name: "fk_analytics_events_asp_net_users_user_id",
                table: "analytics_events",
                column: "user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "fk_moderation_flags_asp_net_users_user_id",
                table: "moderation_flags",
                column: "user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_analytics_events_asp_net_users_user_id",
                table: "analytics_events");

            migrationBuilder.DropForeignKey(
                name: "fk_moderation_flags_asp_net_users_user_id",
                table: "moderation_flags");

            migrationBuilder.DropIndex(
                name: "ix_data_exports_user_id_pending",
                table: "data_exports");
        }
    }
}
