using ChatBot.Api.Auth;
using ChatBot.Api.Conversations;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Conversations;
using ChatBot.Core.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChatBot.Api.Chat;

public static class ChatApi
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/chat").WithTags("Chat").RequireAuthorization(Policies.User);
        group.MapPost("/send", Send)
            .AddOpenApiOperationTransformer(DeclareJsonAnswer)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Send a message; JSON answer, or Server-Sent Events with Accept: text/event-stream");
        group.MapGet("/messages/{id:guid}/stream", Resume)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Resume an answer's event stream after event number N (in flight or finished)");
        group.MapPost("/messages/{id:guid}/stop", Stop)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Stop generating an answer (works from any replica)");
        return routes;
    }

    /// <summary>
    /// Both answers of a send are a 200, and the document keeps one response per status: the JSON one is added beside
    /// the event stream.
    /// </summary>
    private static async Task DeclareJsonAnswer(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse { Content: { } content })
        {
            content["application/json"] = new OpenApiMediaType { Schema = await OpenApiSchemas.ReferenceAsync(context, typeof(SendMessageResponse), cancellationToken) };
        }
    }

    private static async Task<Results<Ok<SendMessageResponse>, ServerSentEventsResult<StreamEvent>, ValidationProblem, ProblemHttpResult>> Send(
        SendMessageRequest request, HttpContext http, ChatTurns turns, ChatStreamStore streams, CancellationToken cancellationToken)
    {
        var start = await turns.StartAsync(http.User.UserId(), request, cancellationToken);
        switch (start)
        {
            case TurnStart.Invalid invalid when invalid.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return TypedResults.Problem(statusCode: invalid.StatusCode, title: "Message too long", detail: invalid.Message);
            case TurnStart.Invalid invalid:
                return ProblemResults.Validation(invalid.Field, invalid.Message);
            case TurnStart.ConversationNotFound:
                return ProblemResults.NotFound("The conversation");
            case TurnStart.Refused refused:
                return ChatProblems.Refused(refused.Verdict);
            case TurnStart.ConversationBusy:
                return ProblemResults.Conflict("The previous answer in this conversation is still being written. Wait for it, or stop it.");
            case TurnStart.TooManyAnswers tooMany:
                http.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many answers in flight", detail: tooMany.Detail);
        }

        var started = (TurnStart.Started)start;
        // The answer is generated in the background; both response styles read it back from its stream.
        var events = streams.ReadAsync(started.AssistantMessageId, 0, cancellationToken);
        return ServerSentEvents.IsRequested(http.Request)
            ? ServerSentEvents.Of(http, events)
            : TypedResults.Ok(await CollectAsync(events, started));
    }

    private static async Task<SendMessageResponse> CollectAsync(IAsyncEnumerable<StreamEvent> events, TurnStart.Started started)
    {
        var text = new System.Text.StringBuilder();
        IReadOnlyList<SourceResponse> sources = [];
        StreamEvent? done = null;
        await foreach (var streamEvent in events)
        {
            switch (streamEvent.Type)
            {
                case StreamEvent.Delta:
                    text.Append(streamEvent.Text);
                    break;
                case StreamEvent.Sources:
                    sources = streamEvent.SourceList ?? [];
                    break;
                case StreamEvent.Done or StreamEvent.Error:
                    done = streamEvent;
                    break;
            }
        }

        return new SendMessageResponse(started.ConversationId, started.AssistantMessageId, text.ToString(), sources,
            done?.Fallback ?? true, done?.Model ?? "", done?.Usage ?? new UsageResponse(0, 0), done?.ResponseTimeMs ?? 0,
            done?.Status ?? MessageStatus.Failed.ToWireName());
    }

    private static async Task<Results<ServerSentEventsResult<StreamEvent>, ValidationProblem, ProblemHttpResult>> Resume(
        Guid id, [FromQuery] long? after, HttpContext http, ChatTurns turns, CancellationToken cancellationToken)
    {
        var events = await turns.ResumeAsync(http.User.UserId(), id, ServerSentEvents.ResumePoint(http.Request, after), cancellationToken);
        return events.Kind switch
        {
            ResultKind.Ok => ServerSentEvents.Of(http, events.Value!),
            ResultKind.Invalid => ProblemResults.Validation(events.Errors!),
            _ => ProblemResults.NotFound("The message"),
        };
    }

    private static async Task<Results<Accepted<StopResponse>, ProblemHttpResult>> Stop(
        Guid id, HttpContext http, ChatTurns turns, CancellationToken cancellationToken)
    {
        var stop = await turns.StopAsync(http.User.UserId(), id, cancellationToken);
        return stop.Kind switch
        {
            ResultKind.Ok => TypedResults.Accepted($"/api/v1/chat/messages/{id}/stream", stop.Value),
            ResultKind.Conflict => ProblemResults.Conflict(stop.Detail!),
            _ => ProblemResults.NotFound("The message"),
        };
    }
}
