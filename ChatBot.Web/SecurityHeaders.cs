namespace ChatBot.Web;

public static class SecurityHeaders
{
    /// <summary>
    /// No other site may frame these pages (a framed sign-in or chat invites clickjacking), and browsers must not guess
    /// content types or send our URLs to other sites.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        return next(context);
    });
}
