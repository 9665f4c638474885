using ChatBot.Core.Caching;
using ChatBot.Core.Data;
using ChatBot.Worker.Migrations;

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChatBotData();
builder.AddChatBotCache();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
