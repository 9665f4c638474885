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
/// prompt the chat model (streaming), moderate the answer, and report citations, tokens and latency.
/// </summary>
public sealed partial class AnswerTurnService(
    ModerationService moderation,
    KnowledgeRetriever retriever,
    PromptBuilder prompts,
    IChatClient chat,
    AiModels models,
    TokenCounter tokens,
    LocalRulesModerator localRules,
    IOptions<AiOptions> options,
    TimeProvider time)
{
    /// <summary>Moderates and retrieves; a turn whose message input moderation blocks comes back refused, with the verdict.</summary>
    public async Task<TurnPreparation> PrepareAsync(TurnInput input, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var verdict = await moderation.CheckAndQueueAsync(input.Message, input.Moderation, cancellationToken);
        if (verdict.Blocked)
        {
            return new TurnPreparation(null, verdict);
        }

        // Pure small talk ("hello, how can you help me?") is not a knowledge-base question, unless an FAQ is small talk too.
        var retrieval = await retriever.RetrieveAsync(new RetrievalRequest(input.Message, Limit: options.Value.ContextFaqs), cancellationToken);
        var smallTalk = SmallTalk.Intercepts(input.Message, retrieval);
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

    /// <summary>
    /// Streams the model's answer through output moderation; the last event is always a <see cref="TurnCompleted"/>.
    /// The chat client falls back to the knowledge base by itself (<see cref="FallbackChatClient"/>).
    /// </summary>
    public async IAsyncEnumerable<TurnEvent> StreamAsync(PreparedTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        UsageDetails? usage = null;
        var model = models.Chat.Model;
        var providerFailed = false;
        var output = new OutputModeration(moderation, localRules, turn.Input.Moderation);
        await foreach (var update in chat.GetStreamingResponseAsync(turn.Prompt, turn.Options, cancellationToken))
        {
            model = update.ModelId ?? model;
            usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
            providerFailed |= update.Contents.OfType<ErrorContent>().Any(e => e.ErrorCode == FallbackChatClient.ProviderFailedCode);
            var release = await output.OfferAsync(update.Text, IsModel(model), cancellationToken);
            if (release.Length > 0)
            {
                text.Append(release);
                yield return new TurnDelta(release);
            }

            if (output.Blocked)
            {
                break;
            }
        }

        if (await output.FlushAsync(cancellationToken) is { Length: > 0 } rest)
        {
            text.Append(rest);
            yield return new TurnDelta(rest);
        }

        var (answer, outputVerdict) = await output.FinishAsync(text.ToString(), IsModel(model));
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
            Degraded: !models.Chat.IsLocal && !IsModel(model));
    }

    /// <summary>Text from a language model, not from the local responder (which writes the knowledge base's own words).</summary>
    private static bool IsModel(string model) => model != AiModelSettings.LocalChatModel;

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
