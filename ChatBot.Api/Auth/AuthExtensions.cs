using ChatBot.Core.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.Api.Auth;

public static class AuthExtensions
{
    /// <summary>Used only when the environment is Development and nothing is configured; never in production.</summary>
    /// <summary>Where a token may arrive in the query string instead of the Authorization header.</summary>
    public const string WebSocketPathPrefix = "/api/v1/chat/ws";

    private const string DevelopmentSigningKey = "chatbot-development-signing-key-not-for-production-use";

    /// <summary>Identity for accounts, our own JWTs for API access, named role policies, and the account services.</summary>
    public static WebApplicationBuilder AddChatBotAuth(this WebApplicationBuilder builder)
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section)
            .PostConfigure(options => options.SigningKey ??= isDevelopment ? DevelopmentSigningKey : null)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AppLinksOptions>().BindConfiguration(AppLinksOptions.Section);

        builder.Services.AddChatBotIdentity().AddSignInManager();
        builder.Services.AddHttpContextAccessor();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwtOptions) =>
            {
                var jwt = jwtOptions.Value;
                bearer.MapInboundClaims = false;
                // Nothing reads the raw token back from the authentication properties; storing it cost every request
                // a dictionary of strings.
                bearer.SaveToken = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = AccessTokenIssuer.SigningKeyFrom(jwt),
                    // Pinning the algorithm rejects "alg: none" and algorithm-confusion tokens outright.
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(jwt.ClockSkewSeconds),
                    NameClaimType = ChatBotClaims.Name,
                    RoleClaimType = ChatBotClaims.Role,
                };
                bearer.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on a WebSocket handshake: accept the token from the query there only.
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments(WebSocketPathPrefix) &&
                            context.Request.Query.TryGetValue("access_token", out var token))
                        {
                            context.Token = token.ToString();
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context => context.HttpContext.RequestServices
                        .GetRequiredService<AccessTokenValidator>().ValidateAsync(context),
                };
            });
        builder.Services.AddAuthorization(Policies.Add);

        builder.Services.AddSingleton<TokenRevocationStore>();
        builder.Services.AddSingleton<RevocationRestorer>();
        builder.Services.AddSingleton<AccessTokenValidator>();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<BearerTokenValidator>();
        builder.Services.AddScoped<SessionService>();
        builder.Services.AddScoped<AccountService>();
        return builder;
    }
}
