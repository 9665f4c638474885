using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChatBot.Api.Infrastructure;

/// <summary>Schemas that operation transformers add to the OpenAPI document.</summary>
public static class OpenApiSchemas
{
    /// <summary>The type's schema as a reference to the document's shared component, so it is written once.</summary>
    public static async Task<IOpenApiSchema> ReferenceAsync(OpenApiOperationTransformerContext context, Type type, CancellationToken cancellationToken)
    {
        var name = type.Name;
        if (context.Document is { } document)
        {
            if (document.Components?.Schemas?.ContainsKey(name) != true)
            {
                document.AddComponent(name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
            }

            return new OpenApiSchemaReference(name, document);
        }

        return await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
    }
}
