namespace ChatBot.Api.Infrastructure;

public static class ApiDocsExtensions
{
    private const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            // 3.0 rather than 3.1: ReDoc and most client generators read it without surprises.
            options.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0;
            options.AddOperationTransformer<PipelineProblemResponses>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "ChatBot API";
                document.Info.Description = "AI support chatbot: auth, chat (REST, SSE, WebSocket), conversations, knowledge base, moderation, analytics.";
                return Task.CompletedTask;
            });
        });

    /// <summary>OpenAPI document at <c>/openapi/v1.json</c>, Swagger UI at <c>/docs</c>, ReDoc at <c>/redoc</c>.</summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        // Both UIs are middlewares that match every request against their prefix; only their own paths pass through them.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/docs") || context.Request.Path.StartsWithSegments("/redoc"), docs => docs
            .UseSwaggerUI(options =>
            {
                options.RoutePrefix = "docs";
                options.SwaggerEndpoint(DocumentPath, "ChatBot API v1");
                options.DocumentTitle = "ChatBot API";
            })
            .UseReDoc(options =>
            {
                options.RoutePrefix = "redoc";
                options.SpecUrl = DocumentPath;
                options.DocumentTitle = "ChatBot API";
            }));
        return app;
    }
}
