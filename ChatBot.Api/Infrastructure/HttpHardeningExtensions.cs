using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChatBot.Api.Infrastructure;

public static class HttpHardeningExtensions
{
    /// <summary>Largest request body accepted anywhere (bulk imports raise it per endpoint).</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>CORS from configuration, request size limits and security headers.</summary>
    public static WebApplicationBuilder AddHttpHardening(this WebApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection(CorsOptions.Section).Get<CorsOptions>()?.AllowedOrigins
                      ?? new CorsOptions().AllowedOrigins;
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "Location")));
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultMaxRequestBodyBytes);
        return builder;
    }

    public static WebApplication UseHttpHardening(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseCors();
        return app;
    }
}
