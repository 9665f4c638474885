using ChatBot.Api.Auth;
using ChatBot.Api.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChatBot.Api.Infrastructure;

/// <summary>
/// Declares in the OpenAPI document the Problem Details answers the pipeline gives, whichever handler runs: 400 for a
/// request it cannot read, 401 and 403 where a policy applies, 404 for a path that names nothing, 413 and 415 for bodies,
/// 414 for an overlong URL, 429 where requests are counted, 503 while a dependency is down. Handlers declare their
/// own (409, 422...) with <c>ProducesProblem</c>, so a client generated from the document knows every status it meets.
/// </summary>
public sealed class PipelineProblemResponses : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var signedIn = authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any();
        var takesBody = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body || p.Source == BindingSource.FormFile || p.Source == BindingSource.Form)
                        || metadata.OfType<IAcceptsMetadata>().Any();
        var counted = ("/" + description.RelativePath).StartsWith("/api/", StringComparison.Ordinal)
                      && metadata.OfType<RateLimitTier>().LastOrDefault() != RateLimitTier.Unlimited;

        operation.Responses ??= [];
        var problem = await SchemaAsync(context, typeof(ProblemDetails), cancellationToken);
        var validation = await SchemaAsync(context, typeof(HttpValidationProblemDetails), cancellationToken);
        Declare(operation, StatusCodes.Status400BadRequest, "The request could not be read: malformed JSON, a NUL character, an unknown charset or an invalid value.", validation);
        if (signedIn)
        {
            Declare(operation, StatusCodes.Status401Unauthorized, "No valid access token: missing, expired, signed out or revoked.", problem);
        }

        if (signedIn && authorize.Any(a => a.Policy is Policies.Moderator or Policies.Admin))
        {
            Declare(operation, StatusCodes.Status403Forbidden, "The account's role does not allow this.", problem);
        }

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path))
        {
            Declare(operation, StatusCodes.Status404NotFound, "Nothing (of the caller's) has this id.", problem);
        }

        if (takesBody)
        {
            Declare(operation, StatusCodes.Status413PayloadTooLarge, "The body is larger than the Api accepts.", problem);
            Declare(operation, StatusCodes.Status415UnsupportedMediaType, "The body's content type is not one this operation reads.", problem);
        }

        Declare(operation, StatusCodes.Status414UriTooLong, "The URL is longer than the Api reads.", problem);
        if (counted)
        {
            Declare(operation, StatusCodes.Status429TooManyRequests, "Too many requests; Retry-After says when to come back.", problem);
        }

        Declare(operation, StatusCodes.Status503ServiceUnavailable, "The database or Redis cannot be reached; Retry-After says when to try again.", problem);
    }

    private static void Declare(OpenApiOperation operation, int status, string description, IOpenApiSchema schema)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }

    /// <summary>The type's schema as a reference to the document's shared component, so it is written once.</summary>
    private static async Task<IOpenApiSchema> SchemaAsync(OpenApiOperationTransformerContext context, Type type, CancellationToken cancellationToken)
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
