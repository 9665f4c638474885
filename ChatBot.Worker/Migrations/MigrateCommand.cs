using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using ChatBot.Worker.Jobs;
using Quartz;

namespace ChatBot.Worker.Migrations;

/// <summary>
/// <c>ChatBot.Worker migrate</c>: applies database migrations, provisions the job store's tables, seeds the development
/// admin when one is configured, and exits. The AppHost runs this once, before the Api and the Worker start, so replicas never race to migrate.
/// </summary>
internal static class MigrateCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "migrate";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.AddServiceDefaults();
        builder.AddChatBotData();
        builder.Services.AddChatBotIdentity();
        builder.Services.AddOptions<DevelopmentAdminOptions>().BindConfiguration(DevelopmentAdminOptions.Section);
        builder.Services.AddTransient<DevelopmentAdminSeeder>();
        // The job store's tables: Quartz creates what is missing when a scheduler is built on it.
        builder.Services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = JobsExtensions.SchedulerName);
            quartz.UsePersistentStore(store => JobsExtensions.UseChatBotStore(store, builder.Configuration, new JobOptions()));
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            if (builder.Environment.IsDevelopment())
            {
                await scope.ServiceProvider.GetRequiredService<DevelopmentAdminSeeder>().SeedAsync();
            }

            await scope.ServiceProvider.GetRequiredService<InitialAdminSeeder>().SeedAsync();
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.Shutdown();

            return 0;
        }
        catch (Exception exception)
        {
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations")
                .LogCritical(exception, "Migration failed");
            return 1;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
