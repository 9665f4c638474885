using ChatBot.Api.Admin;
using ChatBot.Api.Auditing;
using ChatBot.Api.Auth;
using ChatBot.Api.Chat;
using ChatBot.Api.Conversations;
using ChatBot.Api.Infrastructure;
using ChatBot.Api.Knowledge;
using ChatBot.Api.Privacy;
using ChatBot.Api.RateLimiting;
using ChatBot.Api.Users;
using ChatBot.Core.Ai;
using ChatBot.Core.Analytics;
using ChatBot.Core.Answering;
using ChatBot.Core.Caching;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Learning;
using ChatBot.Core.Moderation;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChatBotData();
builder.AddChatBotCache();
builder.AddAiProviders();
builder.AddKnowledgeBase();
builder.AddLearning();
builder.AddKnowledgeApi();
builder.AddContentModeration();
builder.AddAnswering();
if (builder.Configuration.GetValue("Ai:WarmUp", defaultValue: true))
{
    builder.Services.AddHostedService<AiWarmUpService>();
}
builder.AddApiConventions();
builder.AddHttpHardening();
builder.AddChatBotAuth();
builder.AddAuditing();
builder.AddUsers();
builder.AddAdmin();
builder.AddKeyRingEncryption();
builder.AddRequestRateLimits();
builder.AddChat();
builder.AddConversations();
builder.AddPrivacy();
builder.AddAnalytics();

var app = builder.Build();
app.UseForwardedHeadersFromKnownNetworks();
app.UseApiConventions();
app.UseHttpHardening();
app.UseAddressRateLimit();
app.UseChatWebSockets();
app.UseAuthentication();
app.UseRequestRateLimits();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapFeatureApis();
await app.MigrateOnStartIfConfiguredAsync();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
