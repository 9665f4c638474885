using ChatBot.Core.Ai;
using ChatBot.Core.Caching;
using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
using ChatBot.Worker.Email;
using ChatBot.Worker.Jobs;
using ChatBot.Worker.Knowledge;

namespace ChatBot.Worker;

/// <summary>The Worker service: scheduled jobs (Quartz.NET) over the shared database, Redis and AI providers.</summary>
public static class WorkerHost
{
    /// <param name="args">Command-line settings (<c>--Section:Key=value</c>) as well as the usual ones.</param>
    /// <param name="configureServices">Lets a test replace services after the Worker's own are registered.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddChatBotData();
        builder.AddChatBotCache();
        builder.AddAiProviders();
        builder.AddKnowledgeBase();
        builder.AddEmail();
        builder.AddJobs();
        if (builder.Configuration.GetValue<bool>("DemoData:SeedKnowledgeBase"))
        {
            builder.Services.AddHostedService<DemoKnowledgeBaseSeeder>();
        }

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
