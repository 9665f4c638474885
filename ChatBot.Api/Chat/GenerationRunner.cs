using System.Collections.Concurrent;
using System.Diagnostics;
using ChatBot.Api.Conversations;
using ChatBot.Core.Ai;
using ChatBot.Core.Answering;
using ChatBot.Core.Conversations;
using ChatBot.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace ChatBot.Api.Chat;

/// <summary>
/// Runs answer generation in the background, detached from the HTTP request or socket that asked for it: fragments go
/// to the Redis stream as they come, a stop from any replica cancels, and the answer is stored once when it ends. On
/// shutdown, running answers are stopped and stored as stopped rather than lost.
/// </summary>
public sealed class GenerationRunner(
    IServiceScopeFactory scopes,
    StopSignals stops,
    AnswersInFlight answers,
    ChatBotMetrics metrics,
    AiModels models,
    TimeProvider time,
    ILogger<GenerationRunner> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private readonly CancellationTokenSource _shutdown = new();
    private int _stopped;

    public void Start(ActiveTurn turn)
    {
        var stop = stops.Register(turn.AssistantMessageId);
        var task = Task.Run(() => RunAsync(turn, stop.Token));
        _running[turn.AssistantMessageId] = task;
        _ = task.ContinueWith(_ =>
        {
            _running.TryRemove(turn.AssistantMessageId, out Task? _);
            stops.Unregister(turn.AssistantMessageId);
            return answers.ReleaseAsync(turn.UserId, turn.AssistantMessageId);
        }, TaskScheduler.Default).Unwrap();
    }

    private async Task RunAsync(ActiveTurn turn, CancellationToken stopToken)
    {
        // A child of the request that started the turn (the execution context flows into Task.Run), so the answer
        // stays in the request's trace even when it outlives the request.
        using var activity = ChatTelemetry.Source.StartActivity("chat.generate");
        activity?.SetTag("chatbot.message_id", turn.AssistantMessageId);
        activity?.SetTag("chatbot.conversation_id", turn.ConversationId);
        var provider = models.Chat.Provider.ToString().ToLowerInvariant();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopToken, _shutdown.Token);
        await using var scope = scopes.CreateAsyncScope();
        var streams = scope.ServiceProvider.GetRequiredService<ChatStreamStore>();
        var recorder = scope.ServiceProvider.GetRequiredService<TurnRecorder>();
        var turns = scope.ServiceProvider.GetRequiredService<AnswerTurnService>();
        var writer = new StreamWriter(streams, turn.AssistantMessageId, time, _shutdown.Token);
        var deltas = new DeltaBatcher(writer);
        var text = new System.Text.StringBuilder();
        TurnCompleted? completed = null;
        var status = MessageStatus.Complete;
        try
        {
            // The start event travels while the model is asked: the first piece waits for it, the model does not.
            deltas.Begin(new StreamEvent
            {
                Type = StreamEvent.Start,
                ConversationId = turn.ConversationId,
                MessageId = turn.AssistantMessageId,
                UserMessageId = turn.UserMessageId,
            });
            await foreach (var turnEvent in turns.StreamAsync(turn.Prepared, linked.Token))
            {
                switch (turnEvent)
                {
                    case TurnDelta delta:
                        if (text.Length == 0)
                        {
                            metrics.FirstToken(provider, time.GetElapsedTime(turn.Prepared.StartedAt));
                        }

                        text.Append(delta.Text);
                        await deltas.AddAsync(delta.Text);
                        break;
                    case TurnCompleted done:
                        completed = done;
                        break;
                }
            }

            await deltas.FlushAsync();
            if (completed?.ProviderFailed == true)
            {
                status = MessageStatus.Failed;
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            status = MessageStatus.Stopped;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Generation of {MessageId} failed", turn.AssistantMessageId);
            status = MessageStatus.Failed;
        }

        if (status != MessageStatus.Complete)
        {
            await FlushAfterFailureAsync(deltas, turn);
        }

        var answered = false;
        try
        {
            var stored = await StoreAsync(turn, text.ToString(), completed, status);
            // Stored: the conversation's next turn may start (before "done", so a client sending at once never waits).
            await streams.ReleaseConversationAsync(turn.ConversationId, turn.AssistantMessageId);
            await writer.AppendDurablyAsync(new StreamEvent
            {
                Type = StreamEvent.Sources,
                SourceList = stored.Sources.Select(SourceResponse.From).ToList(),
                Fallback = stored.IsFallback,
            });
            await writer.AppendDurablyAsync(new StreamEvent
            {
                Type = StreamEvent.Done,
                MessageId = turn.AssistantMessageId,
                ConversationId = turn.ConversationId,
                Status = status.ToWireName(),
                Model = stored.Model,
                Usage = new UsageResponse(stored.PromptTokens ?? 0, stored.CompletionTokens ?? 0),
                ResponseTimeMs = stored.LatencyMs,
                Fallback = stored.IsFallback,
            });
            RecordMetrics(turn, completed, status, stored, provider);
            answered = true;
            activity?.SetTag("chatbot.status", status.ToWireName());
            // Delivered: the user's next answer may start while this conversation's title is asked for (seconds, remotely).
            await answers.ReleaseAsync(turn.UserId, turn.AssistantMessageId);
            if (turn.IsFirstExchange)
            {
                await recorder.NameConversationAsync(turn, CancellationToken.None);
            }
        }
        catch (Exception exception) when (answered)
        {
            // The answer is stored and delivered: only the conversation's name is missing (it stays untitled); not a failed turn.
            logger.LogWarning(exception, "Could not name the conversation {ConversationId}", turn.ConversationId);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "store_failed");
            metrics.TurnFinished(provider, ChatOutcomes.Failed, time.GetElapsedTime(turn.Prepared.StartedAt));
            logger.LogError(exception, "Could not store the answer {MessageId}", turn.AssistantMessageId);
            await streams.ReleaseConversationAsync(turn.ConversationId, turn.AssistantMessageId);
            await writer.AppendDurablyAsync(new StreamEvent { Type = StreamEvent.Error, Code = "store_failed", Message = "The answer could not be saved.", Status = MessageStatus.Failed.ToWireName() });
        }
    }

    /// <summary>What was written before a stop or failure still reaches readers (the stored answer holds all of it anyway).</summary>
    private async Task FlushAfterFailureAsync(DeltaBatcher deltas, ActiveTurn turn)
    {
        try
        {
            await deltas.FlushDurablyAsync();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "The last pieces of {MessageId} did not reach its stream", turn.AssistantMessageId);
        }
    }

    /// <summary>
    /// Stores the answer, retrying for about half a minute while the database cannot be reached (a restart or failover
    /// takes seconds), each time in a fresh scope: a streamed answer is not lost to a short outage. An attempt whose
    /// commit went through but whose reply was lost is found by the message id instead of stored twice.
    /// </summary>
    private async Task<Core.Conversations.Message> StoreAsync(ActiveTurn turn, string text, TurnCompleted? completed, MessageStatus status)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                if (attempt > 1 && await scope.ServiceProvider.GetRequiredService<Core.Data.ChatBotDbContext>().Messages.AsNoTracking()
                        .SingleOrDefaultAsync(m => m.Id == turn.AssistantMessageId) is { } stored)
                {
                    return stored;
                }

                return await scope.ServiceProvider.GetRequiredService<TurnRecorder>().RecordAsync(turn, text, completed, status, CancellationToken.None);
            }
            catch (Exception exception) when (attempt < StoreAttempts && IsTransient(exception))
            {
                logger.LogWarning(exception, "Storing the answer {MessageId} failed (attempt {Attempt} of {Attempts}); retrying",
                    turn.AssistantMessageId, attempt, StoreAttempts);
                await Task.Delay(TimeSpan.FromSeconds(1 << (attempt - 1)), time, _shutdown.Token);
            }
        }
    }

    /// <summary>Attempts to store an answer: waits of 1, 2, 4 and 8 s between them.</summary>
    private const int StoreAttempts = 5;

    private static bool IsTransient(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is TimeoutException or Npgsql.NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    private void RecordMetrics(ActiveTurn turn, TurnCompleted? completed, MessageStatus status, Core.Conversations.Message stored, string provider)
    {
        var outcome = status switch
        {
            MessageStatus.Stopped => ChatOutcomes.Stopped,
            MessageStatus.Failed => ChatOutcomes.Failed,
            _ when stored.IsFallback => ChatOutcomes.Fallback,
            _ => ChatOutcomes.Answered,
        };
        metrics.TurnFinished(completed?.Degraded == true ? "local" : provider, outcome, time.GetElapsedTime(turn.Prepared.StartedAt));
        metrics.TokensUsed(stored.Model ?? models.Chat.Model, stored.PromptTokens ?? 0, stored.CompletionTokens ?? 0);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Hosts may stop (or dispose) a service more than once; only the first stop has work to do.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _shutdown.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _shutdown.Cancel();
        }

        _shutdown.Dispose();
    }

    /// <summary>
    /// Joins the answer's pieces that arrive while the previous append is on its way to Redis into one delta event:
    /// the first piece leaves at once, and a burst of pieces costs one append, not one each.
    /// </summary>
    private sealed class DeltaBatcher(StreamWriter writer)
    {
        private readonly System.Text.StringBuilder _pending = new();
        private Task _inFlight = Task.CompletedTask;

        /// <summary>Sends the stream's first event; pieces wait behind it.</summary>
        public void Begin(StreamEvent start) => _inFlight = writer.AppendAsync(start);

        public async Task AddAsync(string text)
        {
            _pending.Append(text);
            if (_inFlight.IsCompleted)
            {
                // Observes a failed append before starting the next.
                await _inFlight;
                _inFlight = SendPendingAsync();
            }
        }

        /// <summary>Waits for the append on its way and sends what is left.</summary>
        public async Task FlushAsync()
        {
            var inFlight = _inFlight;
            _inFlight = Task.CompletedTask;
            await inFlight;
            if (_pending.Length > 0)
            {
                await SendPendingAsync();
            }
        }

        /// <summary>
        /// After a stop or failure: what is left goes with the retries of the events that end a stream, since the
        /// stored answer holds it and readers must see the same text.
        /// </summary>
        public async Task FlushDurablyAsync()
        {
            var inFlight = _inFlight;
            _inFlight = Task.CompletedTask;
            await inFlight.ContinueWith(_ => { }, TaskScheduler.Default);
            if (_pending.Length > 0)
            {
                var text = _pending.ToString();
                _pending.Clear();
                await writer.AppendDurablyAsync(new StreamEvent { Type = StreamEvent.Delta, Text = text });
            }
        }

        private Task SendPendingAsync()
        {
            var text = _pending.ToString();
            _pending.Clear();
            return writer.AppendAsync(new StreamEvent { Type = StreamEvent.Delta, Text = text });
        }
    }

    /// <summary>Numbers events 1, 2, 3... as it appends them.</summary>
    private sealed class StreamWriter(ChatStreamStore streams, Guid messageId, TimeProvider time, CancellationToken shutdown)
    {
        private long _seq;

        public Task AppendAsync(StreamEvent streamEvent) => streams.AppendAsync(messageId, streamEvent with { Seq = ++_seq });

        /// <summary>
        /// For the events that end a stream: retried for about fifteen seconds while Redis cannot be reached, so
        /// readers learn how the answer ended instead of waiting for the stalled-answer reaper. An attempt that got
        /// through although it timed out makes Redis refuse the repeat (same entry id): that counts as written.
        /// </summary>
        public async Task AppendDurablyAsync(StreamEvent streamEvent)
        {
            var numbered = streamEvent with { Seq = ++_seq };
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await streams.AppendAsync(messageId, numbered);
                    return;
                }
                catch (RedisServerException exception) when (attempt > 1 && exception.Message.Contains("equal or smaller", StringComparison.Ordinal))
                {
                    return;
                }
                catch (StreamLostException)
                {
                    // Redis restarted empty: readers replay the stored answer instead.
                    return;
                }
                catch (Exception exception) when (attempt < StoreAttempts && exception is RedisException or TimeoutException)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1 << (attempt - 1)), time, shutdown);
                }
            }
        }
    }
}
