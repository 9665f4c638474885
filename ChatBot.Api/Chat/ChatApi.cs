using ChatBot.Api.Auth;
using ChatBot.Api.Conversations;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Conversations;
using ChatBot.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Chat;

public static class ChatApi
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/chat").WithTags("Chat").RequireAuthorization(Policies.User);
        group.MapPost("/send", Send)
            .Produces<SendMessageResponse>()
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Send a message; JSON answer, or Server-Sent Events with Accept: text/event-stream");
        group.MapGet("/messages/{id:guid}/stream", Resume)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Resume an answer's event stream after event number N (in flight or finished)");
        group.MapPost("/messages/{id:guid}/stop", Stop).WithSummary("Stop generating an answer (works from any replica)");
        return routes;
    }

    private static async Task<IResult> Send(
        SendMessageRequest request, HttpContext http, ChatTurnCoordinator coordinator, ChatStreamStore streams, CancellationToken cancellationToken)
    {
        var outcome = await coordinator.StartAsync(http.User.UserId(), request, cancellationToken);
        switch (outcome)
        {
            case StartOutcome.Invalid invalid when invalid.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return TypedResults.Problem(statusCode: invalid.StatusCode, title: "Message too long", detail: invalid.Message);
            case StartOutcome.Invalid invalid:
                return ProblemResults.Validation(invalid.Field, invalid.Message);
            case StartOutcome.ConversationNotFound:
                return ProblemResults.NotFound("The conversation");
            case StartOutcome.Refused refused:
                return ChatProblems.Refused(refused.Verdict);
            case StartOutcome.ConversationBusy:
                return ProblemResults.Conflict("The previous answer in this conversation is still being written. Wait for it, or stop it.");
            case StartOutcome.TooManyAnswers tooMany:
                http.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many answers in flight", detail: tooMany.Detail);
        }

        var started = (StartOutcome.Started)outcome;
        // The answer is generated in the background; both response styles read it back from its stream.
        if (ServerSentEvents.IsRequested(http.Request))
        {
            await ServerSentEvents.WriteAsync(http.Response, streams.ReadAsync(started.AssistantMessageId, 0, cancellationToken), cancellationToken);
            return TypedResults.Empty;
        }

        return TypedResults.Ok(await CollectAsync(streams, started, cancellationToken));
    }

    private static async Task<SendMessageResponse> CollectAsync(ChatStreamStore streams, StartOutcome.Started started, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        IReadOnlyList<SourceResponse> sources = [];
        StreamEvent? done = null;
        await foreach (var streamEvent in streams.ReadAsync(started.AssistantMessageId, 0, cancellationToken))
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

    private static async Task<IResult> Resume(
        Guid id, [FromQuery] long? after, HttpContext http, ChatStreamStore streams, ChatBotDbContext db, CancellationToken cancellationToken)
    {
        var userId = http.User.UserId();
        var from = ServerSentEvents.ResumePoint(http.Request, after);
        if (from is < 0 or > ChatStreamStore.MaxSeq)
        {
            return ProblemResults.Validation("after", "Use the number of the last event received (0 for all).");
        }

        var meta = await streams.GetMetaAsync(id);
        if (meta is not null)
        {
            if (meta.UserId != userId)
            {
                return ProblemResults.NotFound("The message");
            }

            await ServerSentEvents.WriteAsync(http.Response, streams.ReadAsync(id, from, cancellationToken), cancellationToken);
            return TypedResults.Empty;
        }

        // The live stream has expired, or was lost with a restarted Redis: replay the stored answer as one delta.
        var message = await db.Messages.AsNoTracking()
            .Where(m => m.Id == id && m.Role == MessageRole.Assistant && m.Conversation!.UserId == userId)
            .SingleOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return ProblemResults.NotFound("The message");
        }

        await ServerSentEvents.WriteAsync(http.Response, StoredAnswerEvents.For(message).Where(e => e.Seq > from).ToAsyncEnumerable(), cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Results<Accepted<StopResponse>, ProblemHttpResult>> Stop(
        Guid id, HttpContext http, ChatStreamStore streams, ChatBotDbContext db, CancellationToken cancellationToken)
    {
        var userId = http.User.UserId();
        var meta = await streams.GetMetaAsync(id);
        if (meta is null || meta.UserId != userId)
        {
            var finished = await db.Messages.AnyAsync(m => m.Id == id && m.Conversation!.UserId == userId, cancellationToken);
            return finished ? ProblemResults.Conflict("The answer has already finished.") : ProblemResults.NotFound("The message");
        }

        if (!meta.IsStreaming)
        {
            return ProblemResults.Conflict($"The answer has already finished ({meta.Status}).");
        }

        await streams.RequestStopAsync(id);
        return TypedResults.Accepted($"/api/v1/chat/messages/{id}/stream", new StopResponse(id, "stopping"));
    }
}
