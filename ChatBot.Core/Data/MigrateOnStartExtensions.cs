using ChatBot.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Data;

public static class MigrateOnStartExtensions
{
    /// <summary>
    /// With <c>Database:MigrateOnStart</c> (how a deployment without a separate migration step runs, e.g. Azure
    /// Container Apps): applies pending migrations before the service takes traffic, then creates the initial admin
    /// where Identity is registered. EF Core's migration lock lets several replicas start at once.
    /// </summary>
    public static async Task MigrateOnStartIfConfiguredAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        if (!host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            return;
        }

        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        if (scope.ServiceProvider.GetService<InitialAdminSeeder>() is { } seeder)
        {
            await seeder.SeedAsync();
        }
    }
}
