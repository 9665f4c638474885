using ChatBot.Core.Ai;
using ChatBot.Core.Caching;
using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
using ChatBot.Worker.Knowledge;
using ChatBot.Worker.Migrations;

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChatBotData();
builder.AddChatBotCache();
builder.AddAiProviders();
builder.AddKnowledgeBase();
builder.Services.AddHostedService<EmbeddingMaintenanceService>();
if (builder.Configuration.GetValue<bool>("DemoData:SeedKnowledgeBase"))
{
    builder.Services.AddHostedService<DemoKnowledgeBaseSeeder>();
}

var app = builder.Build();
app.MapDefaultEndpoints();
await app.MigrateOnStartIfConfiguredAsync();
await app.RunAsync();
return 0;
