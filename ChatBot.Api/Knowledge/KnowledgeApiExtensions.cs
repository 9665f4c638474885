namespace ChatBot.Api.Knowledge;

public static class KnowledgeApiExtensions
{
    /// <summary>The knowledge base's HTTP side: FAQ imports handed to the Worker.</summary>
    public static WebApplicationBuilder AddKnowledgeApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FaqImportQueue>();
        return builder;
    }
}
