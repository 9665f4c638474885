using System.Net.WebSockets;
using System.Threading.RateLimiting;
using ChatBot.Api.Infrastructure;
using ChatBot.Api.RateLimiting;
using ChatBot.Core.Results;

namespace ChatBot.Api.Chat;

/// <summary>
/// What a signed-in socket's frames ask for: <c>ping</c>, and a turn's <c>message</c>, <c>resume</c> and <c>stop</c>,
/// which go to <see cref="ChatTurns"/> like their HTTP twins and spend the same request budget. Answers stream back
/// as their events; anything refused comes back as an <c>error</c> frame with a code.
/// </summary>
public sealed class ChatSocketFrames(IServiceScopeFactory scopes, ChatStreamStore streams, RedisRequestLimiter limiter)
{
    /// <summary>Every frame type costs Redis work; the budget is counted here, in memory, before any of it.</summary>
    public static TokenBucketRateLimiter NewFrameBudget(ChatSettings settings) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = settings.SocketFrameBurst,
        TokensPerPeriod = settings.SocketFramesPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        AutoReplenishment = false,
        QueueLimit = 0,
    });

    /// <summary>Takes one frame from the socket's budget; false after telling the client to slow down.</summary>
    public static async Task<bool> TrySpendAsync(TokenBucketRateLimiter budget, ChatSettings settings, ChatSocketConnection connection, CancellationToken aborted)
    {
        budget.TryReplenish();
        using var permit = budget.AttemptAcquire();
        if (!permit.IsAcquired)
        {
            await connection.SendAsync(new ServerFrame("error", "rate_limited",
                $"At most {settings.SocketFramesPerSecond} frames a second on one socket; slow down.", RetryAfterSeconds: 1), aborted);
        }

        return permit.IsAcquired;
    }

    public async Task HandleAsync(ChatSocketConnection connection, SocketStreams streaming, Guid userId, ClientFrame? frame, CancellationToken aborted)
    {
        var reply = frame switch
        {
            { Type: "ping" } => new ServerFrame("pong"),
            { Type: "message" or "resume" } when streaming.IsFull =>
                new ServerFrame("error", "too_many_streams", $"At most {SocketStreams.MaxConcurrent} answers stream on one socket at a time."),
            { Type: "resume", MessageId: { } id } when streaming.IsStreaming(id) =>
                new ServerFrame("error", "already_streaming", "This answer is already streaming on this socket.", id),
            { Type: "message" } or { Type: "resume", MessageId: not null } => await ChargeAsync(userId, aborted)
                ?? await StartOrResumeAsync(connection, streaming, userId, frame, aborted),
            { Type: "stop", MessageId: { } stopId } => await ChargeAsync(userId, aborted) ?? await StopAsync(userId, stopId, aborted),
            _ => new ServerFrame("error", "invalid_frame", "Unknown or incomplete frame; types: message, stop, resume, ping, auth."),
        };
        if (reply is not null)
        {
            await connection.SendAsync(reply, aborted);
        }
    }

    /// <summary>A new turn, or an answer streamed again (a resume re-reads the stream, so it costs like a message).</summary>
    private async Task<ServerFrame?> StartOrResumeAsync(
        ChatSocketConnection connection, SocketStreams streaming, Guid userId, ClientFrame frame, CancellationToken aborted)
    {
        await using var scope = scopes.CreateAsyncScope();
        var turns = scope.ServiceProvider.GetRequiredService<ChatTurns>();
        if (frame.Type == "message")
        {
            var start = await turns.StartAsync(userId, new SendMessageRequest(frame.Message, frame.ConversationId, frame.Language), aborted);
            if (start is not TurnStart.Started started)
            {
                return Refusal(start);
            }

            streaming.Add(started.AssistantMessageId, PumpAsync(connection, streams.ReadAsync(started.AssistantMessageId, 0, aborted), aborted));
            return null;
        }

        var id = frame.MessageId!.Value;
        var events = await turns.ResumeAsync(userId, id, frame.AfterSeq ?? 0, aborted);
        switch (events.Kind)
        {
            case ResultKind.Ok:
                streaming.Add(id, PumpAsync(connection, events.Value!, aborted));
                return null;
            case ResultKind.Invalid:
                return new ServerFrame("error", "invalid_frame", "after_seq is the number of the last event received (0 for all).", id);
            default:
                return new ServerFrame("error", "not_found", "No such answer.", id);
        }
    }

    private async Task<ServerFrame> StopAsync(Guid userId, Guid messageId, CancellationToken aborted)
    {
        await using var scope = scopes.CreateAsyncScope();
        var stop = await scope.ServiceProvider.GetRequiredService<ChatTurns>().StopAsync(userId, messageId, aborted);
        return stop.Kind switch
        {
            ResultKind.Ok => new ServerFrame("stopping", MessageId: messageId),
            ResultKind.Conflict => new ServerFrame("error", "already_finished", "The answer has already finished.", messageId),
            _ => new ServerFrame("error", "not_found", "No such answer.", messageId),
        };
    }

    private static ServerFrame Refusal(TurnStart start) => start switch
    {
        TurnStart.Invalid invalid => new ServerFrame("error",
            invalid.StatusCode == StatusCodes.Status413PayloadTooLarge ? "message_too_long" : "invalid_message", invalid.Message),
        TurnStart.ConversationNotFound => new ServerFrame("error", "not_found", "No such conversation."),
        TurnStart.Refused refused => new ServerFrame("error", "message_refused", "The message was refused by moderation.",
            Category: refused.Verdict.ReasonCategory),
        TurnStart.ConversationBusy => new ServerFrame("error", "conversation_busy", "The previous answer in this conversation is still being written."),
        TurnStart.TooManyAnswers tooMany => new ServerFrame("error", "too_many_answers", tooMany.Detail),
        _ => new ServerFrame("error", "internal_error", "The message could not be started."),
    };

    /// <summary>Spends one request of the user's shared budget, as an HTTP call would: null if allowed, else the refusal.</summary>
    private async Task<ServerFrame?> ChargeAsync(Guid userId, CancellationToken aborted)
    {
        var limit = await limiter.TryAcquireAsync(LimitPartition.ForUser(userId, limiter.Options), aborted);
        return limit is null or { Allowed: true }
            ? null
            : new ServerFrame("error", "rate_limited", "Too many requests; slow down.",
                RetryAfterSeconds: (int)Math.Ceiling(limit.RetryAfter?.TotalSeconds ?? 1));
    }

    private static async Task PumpAsync(ChatSocketConnection connection, IAsyncEnumerable<StreamEvent> events, CancellationToken aborted)
    {
        try
        {
            await foreach (var streamEvent in events.WithCancellation(aborted))
            {
                await connection.SendAsync(streamEvent, aborted);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // The client left; the answer keeps generating and can be resumed.
        }
    }
}
