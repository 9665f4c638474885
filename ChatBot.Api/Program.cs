using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Api.Infrastructure.RateLimiting;
using ChatBot.Core.Caching;
using ChatBot.Core.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChatBotData();
builder.AddChatBotCache();
builder.AddApiConventions();
builder.AddHttpHardening();
builder.AddChatBotAuth();
builder.AddRequestRateLimits();

var app = builder.Build();
app.UseApiConventions();
app.UseHttpHardening();
app.UseAuthentication();
app.UseRequestRateLimits();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapFeatureApis();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
