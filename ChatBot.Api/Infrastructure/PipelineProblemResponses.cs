using ChatBot.Api.Auth;
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
/// 414 for an overlong URL, 429 (every request is counted), 503 while a dependency is down. Handlers declare their
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

        operation.Responses ??= [];
        var problem = await OpenApiSchemas.ReferenceAsync(context, typeof(ProblemDetails), cancellationToken);
        var validation = await OpenApiSchemas.ReferenceAsync(context, typeof(HttpValidationProblemDetails), cancellationToken);
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

        // Kestrel refuses an overlong request line before any middleware runs: no body.
        operation.Responses.TryAdd("414", new OpenApiResponse { Description = "The URL is longer than the Api reads." });
        // The per-address limit applies to every request; the per-user and per-credential ones to most.
        Declare(operation, StatusCodes.Status429TooManyRequests, "Too many requests; Retry-After says when to come back.", problem);

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
}
