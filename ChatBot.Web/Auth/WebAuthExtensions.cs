using ChatBot.Core;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace ChatBot.Web.Auth;

public static class WebAuthExtensions
{
    /// <summary>
    /// Cookie sign-in whose cookie holds only a session id; tokens stay on the server in Redis (shared by web replicas,
    /// as is the Data Protection key ring that encrypts cookies and tokens). Pages see the user through the cascading
    /// authentication state; open pages re-check their session every minute.
    /// </summary>
    public static IHostApplicationBuilder AddChatBotWebAuth(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(ConnectionNames.Cache);
        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddOptions<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCacheOptions>().Configure<IServiceProvider>((options, services) =>
        {
            options.InstanceName = "chatbot:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>());
        });
        builder.Services.AddDataProtection().SetApplicationName("ChatBot.Web");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, services) =>
            options.XmlRepository = new RedisXmlRepository(
                () => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), "chatbot:web:data-protection-keys"));

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "chatbot.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/login";
                options.AccessDeniedPath = "/access-denied";
                options.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenStore>();
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddSingleton<SignInService>();
        builder.Services.AddScoped<UserSession>();
        return builder;
    }

    /// <summary>A cookie whose server-side session is gone (signed out, refresh refused) signs the browser out.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var session = context.Principal?.SessionKey();
        var store = context.HttpContext.RequestServices.GetRequiredService<TokenStore>();
        if (session is null || await store.GetAsync(session, context.HttpContext.RequestAborted) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary><c>POST /logout</c> (a form with an antiforgery token): ends the session at the Api and in the browser.</summary>
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/logout", async Task<Results<RedirectHttpResult, BadRequest>> (
            HttpContext context, IAntiforgery antiforgery, SignInService signIn, AccessTokens tokens, CancellationToken cancellationToken) =>
        {
            // The endpoint binds no form, so nothing checks the token unless we do: another site must not sign users out.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.BadRequest();
            }

            await signIn.SignOutAsync(context, tokens, cancellationToken);
            return TypedResults.LocalRedirect("/login?signedOut=true");
        });
        return routes;
    }
}
