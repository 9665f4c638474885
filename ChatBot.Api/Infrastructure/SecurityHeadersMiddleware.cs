namespace ChatBot.Api.Infrastructure;

/// <summary>Conservative browser security headers; the documentation pages get a CSP that lets their scripts run.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string DocsPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline' blob: https://cdn.redoc.ly; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; font-src 'self' data: https://fonts.gstatic.com; img-src 'self' data: https://cdn.redoc.ly; worker-src blob:; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        var isDocs = context.Request.Path.StartsWithSegments("/docs") || context.Request.Path.StartsWithSegments("/redoc");
        headers.ContentSecurityPolicy = isDocs ? DocsPolicy : ApiPolicy;
        return next(context);
    }
}
