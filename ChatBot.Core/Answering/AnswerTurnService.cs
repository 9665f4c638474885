using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using ChatBot.Core.Ai;
using ChatBot.Core.Conversations;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Moderation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Answering;

/// <summary>
/// One retrieval-augmented chat turn: moderate the question, search the knowledge base, decide answer or fallback,
/// prompt the chat model (streaming), moderate the answer, and report citations, tokens and latency. If the model
/// cannot be reached, the knowledge base answers by itself instead of failing the turn.
/// </summary>
public sealed partial class AnswerTurnService(
    ModerationService moderation,
    KnowledgeRetriever retriever,
    PromptBuilder prompts,
    IChatClient chat,
    AiModels models,
    TokenCounter tokens,
    LocalRetrievalChatClient localResponder,
    LocalRulesModerator localRules,
    IOptions<AiOptions> options,
    TimeProvider time,
    ILogger<AnswerTurnService> logger)
{
    /// <summary>Moderates and retrieves. Returns a <see cref="RejectedTurn"/> when the message must be refused.</summary>
    public async Task<TurnPreparation> PrepareAsync(TurnInput input, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var verdict = await moderation.CheckAndQueueAsync(input.Message, input.Moderation, cancellationToken);
        if (verdict.Blocked)
        {
            return new TurnPreparation(null, new RejectedTurn(verdict));
        }

        // Pure small talk ("hello, how can you help me?") is not a knowledge-base question, however close some FAQ looks.
        var smallTalk = SmallTalk.IsSmallTalk(input.Message);
        var retrieval = await retriever.RetrieveAsync(new RetrievalRequest(input.Message, Limit: options.Value.ContextFaqs), cancellationToken);
        if (smallTalk)
        {
            retrieval = retrieval with { Confident = false };
        }

        // Context for a model: the confident answer, or the nearest entries so it can say what it does know.
        var context = retrieval.Ranked;
        var grounding = new KnowledgeGrounding(retrieval.Confident,
            context.Select(r => new GroundingFaq(r.Faq.FaqId, r.Faq.Question, r.Faq.Answer, r.Score)).ToList(), input.Language, smallTalk);
        var chatOptions = new ChatOptions
        {
            ModelId = models.Chat.Model,
            AdditionalProperties = new AdditionalPropertiesDictionary { [KnowledgeGrounding.PropertyName] = grounding },
        };
        var prompt = prompts.Build(input, context, models.Chat.Model, options.Value.HistoryTokenBudget);
        var candidates = context.Select(r => new CitedSource { FaqId = r.Faq.FaqId, Question = r.Faq.Question, Score = Math.Round(r.Score, 4) }).ToList();
        return new TurnPreparation(new PreparedTurn(input, retrieval, prompt, chatOptions, candidates, smallTalk, verdict, started), null);
    }

    /// <summary>Streams the answer; the last event is always a <see cref="TurnCompleted"/>.</summary>
    public async IAsyncEnumerable<TurnEvent> StreamAsync(PreparedTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        UsageDetails? usage = null;
        var model = models.Chat.Model;
        var providerFailed = false;
        var degraded = false;
        var client = chat;
        // A model's words are checked sentence by sentence before anyone sees them; the local responder's come from
        // the knowledge base itself.
        var gate = models.Chat.IsLocal ? null : new OutputGate(localRules);

        while (true)
        {
            var stream = client.GetStreamingResponseAsync(turn.Prompt, turn.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    ChatResponseUpdate update;
                    try
                    {
                        if (!await stream.MoveNextAsync())
                        {
                            break;
                        }

                        update = stream.Current;
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        logger.LogWarning(exception, "Chat model {Model} failed after {Characters} characters", model, text.Length);
                        if (text.Length == 0 && client != localResponder)
                        {
                            // Nothing sent yet: answer from the knowledge base alone rather than fail the turn.
                            degraded = true;
                            break;
                        }

                        providerFailed = true;
                        break;
                    }

                    model = update.ModelId ?? model;
                    usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
                    if (string.IsNullOrEmpty(update.Text))
                    {
                        continue;
                    }

                    var release = gate is null || client == localResponder ? update.Text : await gate.OfferAsync(update.Text, cancellationToken);
                    if (release.Length > 0)
                    {
                        text.Append(release);
                        yield return new TurnDelta(release);
                    }

                    if (gate?.Blocked == true)
                    {
                        break;
                    }
                }

                if (gate is not null && client != localResponder && await gate.FlushAsync(cancellationToken) is { Length: > 0 } rest)
                {
                    text.Append(rest);
                    yield return new TurnDelta(rest);
                }
            }
            finally
            {
                await stream.DisposeAsync();
            }

            if (degraded && client != localResponder)
            {
                client = localResponder;
                model = AiModelSettings.LocalChatModel;
                continue;
            }

            break;
        }

        var answer = text.ToString();
        var outputContext = turn.Input.Moderation with { Source = ModerationContext.Output };
        ModerationVerdict outputVerdict;
        if (gate?.Verdict is { } withheld)
        {
            outputVerdict = withheld;
            await moderation.QueueAsync(gate.ModelOutput, withheld, outputContext, CancellationToken.None);
        }
        else
        {
            // Text the local responder wrote comes from the knowledge base itself; a model's text gets checked whole,
            // by every moderator (the remote one too); anything it blocks is withheld from storage.
            outputVerdict = answer.Length == 0 || model == AiModelSettings.LocalChatModel
                ? ModerationVerdict.Clean(LocalRulesModerator.ProviderName)
                : await moderation.CheckAndQueueAsync(answer, outputContext, CancellationToken.None);
            if (outputVerdict.Blocked)
            {
                answer = OutputGate.WithheldNotice.Trim();
            }
        }

        var promptTokens = (int?)usage?.InputTokenCount ?? turn.Prompt.Sum(m => tokens.Count(m.Text, model));
        var completionTokens = (int?)usage?.OutputTokenCount ?? tokens.Count(answer, model);
        yield return new TurnCompleted(
            answer,
            CitedIn(answer, turn),
            turn.IsFallback,
            model,
            promptTokens,
            completionTokens,
            (int)time.GetElapsedTime(turn.StartedAt).TotalMilliseconds,
            turn.InputModeration,
            outputVerdict,
            providerFailed,
            degraded);
    }

    /// <summary>The candidates the answer cites as [faq:ID]; if it cites none but retrieval was confident, the best one.</summary>
    private static List<CitedSource> CitedIn(string answer, PreparedTurn turn)
    {
        var cited = Citation().Matches(answer).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var sources = turn.Candidates.Where(c => cited.Contains(c.FaqId)).ToList();
        if (sources.Count == 0 && turn.Retrieval.Confident && turn.Candidates.Count > 0)
        {
            sources.Add(turn.Candidates[0]);
        }

        return sources;
    }

    [GeneratedRegex(@"\[faq:(\d+)\]")]
    private static partial Regex Citation();
}
