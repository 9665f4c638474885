using ChatBot.Core.Ai;
using ChatBot.Core.Answering;
using ChatBot.Core.Conversations;
using ChatBot.Core.Data;
using ChatBot.Core.Localization;
using ChatBot.Core.Moderation;
using ChatBot.Core.Results;
using ChatBot.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Chat;

/// <summary>
/// The one entry to a chat turn for every transport (JSON, SSE, WebSocket). Start checks the message, finds (or creates)
/// the user's conversation, moderates and retrieves, stores the user's message, and hands generation to the background
/// so it survives the client's connection. Resume and stop find the answer and check it is the caller's.
/// </summary>
public sealed class ChatTurns(
    ChatBotDbContext db,
    AnswerTurnService answering,
    GenerationRunner runner,
    ChatStreamStore streams,
    AnswersInFlight answers,
    IOptions<ChatSettings> options,
    ChatBotMetrics metrics,
    AiModels models,
    TimeProvider time)
{
    public async Task<TurnStart> StartAsync(Guid userId, SendMessageRequest request, CancellationToken cancellationToken)
    {
        var message = request.Message?.Trim() ?? "";
        if (message.Length == 0)
        {
            return new TurnStart.Invalid("message", "The message is empty.", StatusCodes.Status400BadRequest);
        }

        if (message.Length > options.Value.MaxMessageLength)
        {
            return new TurnStart.Invalid("message", $"The message is longer than {options.Value.MaxMessageLength} characters.", StatusCodes.Status413PayloadTooLarge);
        }

        if (request.Language is not null && !LanguageTags.IsValid(request.Language))
        {
            return new TurnStart.Invalid("language", "Use a language tag such as 'en' or 'pt-BR'.", StatusCodes.Status400BadRequest);
        }

        Conversation? conversation = null;
        if (request.ConversationId is { } conversationId)
        {
            conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId && c.UserId == userId, cancellationToken);
            if (conversation is null)
            {
                return new TurnStart.ConversationNotFound();
            }
        }

        var assistantMessageId = Guid.CreateVersion7();
        // A slot first, so a message waiting for its conversation counts too; once started, the runner frees it.
        if (await answers.TryClaimAsync(userId, assistantMessageId) is not AnswerSlot.Claimed and var slot)
        {
            return new TurnStart.TooManyAnswers(slot);
        }

        TurnStart? outcome = null;
        try
        {
            outcome = await StartWithSlotAsync(userId, request, message, conversation, assistantMessageId, cancellationToken);
            return outcome;
        }
        finally
        {
            if (outcome is not TurnStart.Started)
            {
                await answers.ReleaseAsync(userId, assistantMessageId);
            }
        }
    }

    private async Task<TurnStart> StartWithSlotAsync(
        Guid userId, SendMessageRequest request, string message, Conversation? conversation, Guid assistantMessageId, CancellationToken cancellationToken)
    {
        // Turns in one conversation take turns: this one waits until the answer before it is stored, so its prompt holds it.
        if (conversation is not null &&
            !await streams.ClaimConversationAsync(conversation.Id, assistantMessageId, TimeSpan.FromSeconds(options.Value.TurnWaitSeconds), cancellationToken))
        {
            return new TurnStart.ConversationBusy();
        }

        try
        {
            return await StartClaimedAsync(userId, request, message, conversation, assistantMessageId, cancellationToken);
        }
        catch
        {
            if (conversation is not null)
            {
                await streams.ReleaseConversationAsync(conversation.Id, assistantMessageId);
            }

            throw;
        }
    }

    private async Task<TurnStart> StartClaimedAsync(
        Guid userId, SendMessageRequest request, string message, Conversation? conversation, Guid assistantMessageId, CancellationToken cancellationToken)
    {
        var language = request.Language ?? conversation?.Language
                       ?? await db.Users.Where(u => u.Id == userId).Select(u => u.PreferredLanguage).SingleAsync(cancellationToken);
        var history = conversation is null ? [] : await LoadHistoryAsync(conversation.Id, cancellationToken);
        var preparation = await answering.PrepareAsync(
            new TurnInput(message, history, language, new ModerationContext(ModerationContext.Input, userId, conversation?.Id)), cancellationToken);
        if (preparation.Refusal is { } refusal)
        {
            metrics.TurnBlocked(models.Chat.Provider.ToString().ToLowerInvariant());
            if (conversation is not null)
            {
                await streams.ReleaseConversationAsync(conversation.Id, assistantMessageId);
            }

            return new TurnStart.Refused(refusal);
        }

        var now = time.GetUtcNow();
        var isFirstExchange = conversation is null || conversation.MessageCount == 0;
        var isNewConversation = conversation is null;
        conversation ??= db.Conversations.Add(new Conversation
        {
            UserId = userId,
            Language = language,
            CreatedAt = now,
            UpdatedAt = now,
            LastMessageAt = now,
            MessageCount = 1,
        }).Entity;
        var userMessage = new Message
        {
            ConversationId = conversation.Id,
            Role = MessageRole.User,
            Content = message,
            Language = language,
            Moderation = ToOutcome(preparation.Prepared!.InputModeration),
            CreatedAt = now,
        };
        db.Messages.Add(userMessage);
        if (isNewConversation)
        {
            // Nobody else knows the conversation yet: it is inserted already counting this message, in one statement batch.
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            // Counted in SQL: two messages sent at once into one conversation must both count.
            await db.Conversations.Where(c => c.Id == conversation.Id).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.MessageCount, c => c.MessageCount + 1)
                .SetProperty(c => c.LastMessageAt, now)
                .SetProperty(c => c.UpdatedAt, now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await streams.CreateAsync(new StreamMeta(assistantMessageId, userId, conversation.Id, StreamMeta.Streaming), claimsNewConversation: isNewConversation);

        runner.Start(new ActiveTurn(userId, conversation.Id, userMessage.Id, assistantMessageId, isFirstExchange, language, preparation.Prepared));
        return new TurnStart.Started(conversation.Id, userMessage.Id, assistantMessageId);
    }

    /// <summary>
    /// The answer's events after number <paramref name="after"/>: live from its stream, or, once the stream has expired
    /// (or was lost with a restarted Redis), the stored answer replayed as one delta. Another user's answer is not found.
    /// </summary>
    public async Task<Result<IAsyncEnumerable<StreamEvent>>> ResumeAsync(Guid userId, Guid messageId, long after, CancellationToken cancellationToken)
    {
        if (after is < 0 or > ChatStreamStore.MaxSeq)
        {
            return Result<IAsyncEnumerable<StreamEvent>>.Invalid("after", "Use the number of the last event received (0 for all).");
        }

        if (await streams.GetMetaAsync(messageId) is { } meta)
        {
            return meta.UserId == userId
                ? Result<IAsyncEnumerable<StreamEvent>>.Ok(streams.ReadAsync(messageId, after, cancellationToken))
                : Result<IAsyncEnumerable<StreamEvent>>.NotFound();
        }

        var stored = await db.Messages.AsNoTracking()
            .Where(m => m.Id == messageId && m.Role == MessageRole.Assistant && m.Conversation!.UserId == userId)
            .SingleOrDefaultAsync(cancellationToken);
        return stored is null
            ? Result<IAsyncEnumerable<StreamEvent>>.NotFound()
            : Result<IAsyncEnumerable<StreamEvent>>.Ok(StoredAnswerEvents.For(stored).Where(e => e.Seq > after).ToAsyncEnumerable());
    }

    /// <summary>Asks whichever replica writes the answer to stop; a conflict once it has finished.</summary>
    public async Task<Result<StopResponse>> StopAsync(Guid userId, Guid messageId, CancellationToken cancellationToken)
    {
        var meta = await streams.GetMetaAsync(messageId);
        if (meta is null || meta.UserId != userId)
        {
            var finished = await db.Messages.AnyAsync(m => m.Id == messageId && m.Conversation!.UserId == userId, cancellationToken);
            return finished ? Result<StopResponse>.Conflict("The answer has already finished.") : Result<StopResponse>.NotFound();
        }

        if (!meta.IsStreaming)
        {
            return Result<StopResponse>.Conflict($"The answer has already finished ({meta.Status}).");
        }

        await streams.RequestStopAsync(messageId);
        return Result<StopResponse>.Ok(new StopResponse(messageId, "stopping"));
    }

    private async Task<IReadOnlyList<HistoryMessage>> LoadHistoryAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var recent = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Role != MessageRole.System && m.Content != "")
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Take(options.Value.HistoryMessages)
            .Select(m => new HistoryMessage(m.Role, m.Content))
            .ToListAsync(cancellationToken);
        recent.Reverse();
        return recent;
    }

    public static ModerationOutcome? ToOutcome(ModerationVerdict verdict) => verdict.Flagged
        ? new ModerationOutcome { Flagged = true, Blocked = verdict.Blocked, Categories = [.. verdict.Categories], Provider = verdict.Provider }
        : null;
}
