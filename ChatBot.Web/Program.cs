using ChatBot.Web;
using ChatBot.Web.Api;
using ChatBot.Web.Auth;
using ChatBot.Web.Components;
using ChatBot.Web.Downloads;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChatBotApi();
builder.AddChatBotWebAuth();
builder.AddWebLinks();
builder.Services.AddScoped<ChatBot.Web.Components.Chat.AnswerStream>();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();
app.UseForwardedHeadersFromKnownNetworks();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapSignOut();
app.MapDownloads();
app.MapDefaultEndpoints();
await app.RunAsync();
