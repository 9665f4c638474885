using ChatBot.Core.Configuration;
using ChatBot.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ChatBot.Core.Data;

public static class DataExtensions
{
    /// <summary>
    /// Registers <see cref="ChatBotDbContext"/> (pooled, with Aspire's health check, retries and telemetry) on the
    /// <c>chatdb</c> connection, with pgvector and snake_case names, and the options every service shares.
    /// </summary>
    public static IHostApplicationBuilder AddChatBotData(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddSeedEnvironmentAliases();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.AddNpgsqlDbContext<ChatBotDbContext>(ConnectionNames.Database,
            settings =>
            {
                // Transactions are explicit in our code; EF's retrying strategy would forbid them without wrappers.
                settings.DisableRetry = true;
                if (settings.ConnectionString is { Length: > 0 } connectionString)
                {
                    settings.ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
                    {
                        MaxPoolSize = database.MaxPoolSize,
                        CommandTimeout = database.CommandTimeoutSeconds,
                        Timeout = database.ConnectTimeoutSeconds,
                        ConnectionIdleLifetime = database.ConnectionIdleLifetimeSeconds,
                        MaxAutoPrepare = database.MaxAutoPrepare,
                        AutoPrepareMinUsages = 2,
                        // Returning a connection to the pool would otherwise queue CLOSE ALL, RESET ALL, UNLISTEN *,
                        // pg_advisory_unlock_all(), DISCARD SEQUENCES and DISCARD TEMP for its next use: work for
                        // PostgreSQL on every request. Nothing here leaves session state behind (settings are SET LOCAL,
                        // advisory locks are per transaction, no LISTEN, no temporary tables), so there is none to reset.
                        NoResetOnClose = true,
                    }.ConnectionString;
                }
            },
            ConfigureDbContext);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTransient<DatabaseMigrator>();
        return builder;
    }

    /// <summary>The provider options every <see cref="ChatBotDbContext"/> needs, also used at design time.</summary>
    public static void ConfigureDbContext(DbContextOptionsBuilder options) =>
        options
            .UseNpgsql(npgsql => npgsql.UseVector().ConfigureDataSource(dataSource => dataSource.ConfigureTracing(NpgsqlTracing.Configure)))
            .UseSnakeCaseNamingConvention();
}
