using ChatBot.Api.Infrastructure;
using ChatBot.Core.Caching;
using ChatBot.Core.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChatBotData();
builder.AddChatBotCache();
builder.AddApiConventions();

var app = builder.Build();
app.UseApiConventions();
app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapFeatureApis();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
