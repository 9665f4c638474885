using ChatBot.Core.Data;
using ChatBot.Core.Identity;

namespace ChatBot.Worker.Migrations;

/// <summary>
/// <c>ChatBot.Worker migrate</c>: applies database migrations, seeds the development admin when one is configured,
/// and exits. The AppHost runs this once, before the Api and the Worker start, so replicas never race to migrate.
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
