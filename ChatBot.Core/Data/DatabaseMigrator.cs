using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ChatBot.Core.Data;

/// <summary>
/// Applies pending EF Core migrations. EF Core takes a database-wide lock while migrating, so even two
/// migrators started at once apply each migration exactly once.
/// </summary>
public sealed class DatabaseMigrator(ChatBotDbContext db, ILogger<DatabaseMigrator> logger)
{
    public static readonly ActivitySource ActivitySource = new("ChatBot.Migrations");

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("Migrating database");
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        logger.LogInformation("Applying {Count} pending migration(s): {Migrations}", pending.Count, string.Join(", ", pending));

        await db.Database.MigrateAsync(cancellationToken);

        // A migration may have created the vector extension: make this process's connections learn the new type.
        if (db.Database.GetDbConnection() is NpgsqlConnection connection)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await connection.ReloadTypesAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        logger.LogInformation("Database schema is up to date");
    }
}
