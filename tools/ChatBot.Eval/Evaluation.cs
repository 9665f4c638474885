using System.Diagnostics;
using System.Text.Json;
using ChatBot.Core;
using ChatBot.Core.Ai;
using ChatBot.Core.Answering;
using ChatBot.Core.Caching;
using ChatBot.Core.Conversations;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Learning;
using ChatBot.Core.Moderation;
using ChatBot.Core.Results;
using ChatBot.DevServers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.Eval;

/// <summary>
/// Answers every query of an evaluation split through the product's own import, search and decision code (the same
/// <see cref="KnowledgeRetriever"/>, input moderation and small-talk rule the chat uses), writes the predictions in
/// score.py's format and scores them.
/// </summary>
public static class Evaluation
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<Metrics> RunAsync(EvalArguments arguments, TextWriter log, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        var environmentConfiguration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        await using var environment = await ServerEnvironment.StartAsync(
            environmentConfiguration.GetConnectionString(ConnectionNames.Database),
            environmentConfiguration.GetConnectionString(ConnectionNames.Cache),
            "chatbot_eval");

        using var host = await KnowledgeToolHost.StartAsync(environment.DatabaseConnectionString, environment.RedisConnectionString, cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ChatBotDbContext>();

        var phase = Stopwatch.StartNew();
        await using (var faqsFile = File.OpenRead(arguments.FaqsFile))
        {
            var import = await services.GetRequiredService<FaqImporter>().ImportAllAsync(FaqImportParser.ParseJson(faqsFile), actorId: null, cancellationToken);
            if (import.Kind != ResultKind.Ok)
            {
                throw new InvalidOperationException($"Import failed: {import.Detail} {JsonSerializer.Serialize(import.Errors)}");
            }

            await log.WriteLineAsync($"Imported {import.Value!.Created} FAQs and trained the answer model in {phase.Elapsed.TotalSeconds:F1} s");
        }

        var externalIds = await db.Faqs.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.ExternalId, cancellationToken);
        if (arguments is { Feedback: { } feedback, FeedbackPerFaq: > 0 })
        {
            phase.Restart();
            await LearnFromFeedbackAsync(services, feedback, arguments.FeedbackPerFaq, externalIds, log, cancellationToken);
            await log.WriteLineAsync($"Learned in {phase.Elapsed.TotalSeconds:F1} s");
        }

        var queries = JsonSerializer.Deserialize<List<EvalQuery>>(await File.ReadAllTextAsync(arguments.QueriesFile, cancellationToken))!;

        phase.Restart();
        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var vectors = new List<float[]>(queries.Count);
        foreach (var batch in queries.Chunk(64))
        {
            var embedded = await generator.GenerateAsync(batch.Select(q => q.Query), cancellationToken: cancellationToken);
            vectors.AddRange(embedded.Select(e => e.Vector.ToArray()));
        }

        var embedSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();
        var retriever = services.GetRequiredService<KnowledgeRetriever>();
        var moderation = services.GetRequiredService<ModerationService>();
        var predictions = new List<string?>(queries.Count);
        var details = new List<object>(queries.Count);
        var intercepted = new List<(string Rule, string? Expected)>();
        for (var i = 0; i < queries.Count; i++)
        {
            var result = await retriever.RetrieveAsync(new RetrievalRequest(queries[i].Query, Limit: 1), vectors[i], cancellationToken);
            // The chat's own rules before the knowledge base: a blocked question is refused, small talk gets the assistant's reply.
            var rule = (await moderation.CheckAsync(queries[i].Query, cancellationToken)).Blocked ? "moderation"
                : SmallTalk.Intercepts(queries[i].Query, result) ? "small_talk" : null;
            if (rule is not null)
            {
                intercepted.Add((rule, queries[i].ExpectedFaqId));
            }

            predictions.Add(rule is null && result.Best is { } best ? externalIds[best.Faq.FaqId] : null);
            var top = result.Ranked.Count > 0 ? result.Ranked[0] : null;
            details.Add(new { query = queries[i].Query, expected = queries[i].ExpectedFaqId, top = top is null ? null : externalIds[top.Faq.FaqId], score = top?.Score, threshold = result.Threshold, intercepted = rule });
        }

        await log.WriteLineAsync($"Intercepted before the knowledge base: {intercepted.Count} of {queries.Count} queries" +
            string.Concat(intercepted.GroupBy(x => (x.Rule, Expected: x.Expected ?? "out of scope")).OrderBy(g => g.Key)
                .Select(g => $"; {g.Key.Rule}: {g.Count()} expecting {g.Key.Expected}")));

        var decideSeconds = phase.Elapsed.TotalSeconds;
        await File.WriteAllTextAsync(arguments.Predictions, JsonSerializer.Serialize(predictions), cancellationToken);
        if (arguments.Details is not null)
        {
            await File.WriteAllTextAsync(arguments.Details, JsonSerializer.Serialize(details), cancellationToken);
        }

        var metrics = Metrics.Score(queries, predictions);
        var report = JsonSerializer.Serialize(metrics, Indented);
        if (arguments.Metrics is not null)
        {
            await File.WriteAllTextAsync(arguments.Metrics, report, cancellationToken);
        }

        await log.WriteLineAsync(report);
        await log.WriteLineAsync($"{queries.Count} queries: embedded in {embedSeconds:F1} s, searched and decided in {decideSeconds:F1} s " +
                                 $"({decideSeconds * 1000 / queries.Count:F1} ms each); total {total.Elapsed.TotalSeconds:F1} s. " +
                                 $"Embeddings: {services.GetRequiredService<AiModels>().EmbeddingModelId}.");
        await host.StopAsync(cancellationToken);
        return metrics;
    }

    /// <summary>
    /// The first <paramref name="perFaq"/> confirmed questions of every FAQ go through the product's own path: each is
    /// a user's message, a moderator suggests it for its FAQ (moderation and near-duplicate checks apply), and one
    /// approval makes them learned phrasings, embedded and retrained like any edit.
    /// </summary>
    private static async Task LearnFromFeedbackAsync(
        IServiceProvider services, string feedbackFile, int perFaq, Dictionary<int, string?> externalIds, TextWriter log, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ChatBotDbContext>();
        var faqIds = externalIds.Where(e => e.Value is not null).ToDictionary(e => e.Value!, e => e.Key);
        var confirmed = JsonSerializer.Deserialize<List<FeedbackQuery>>(await File.ReadAllTextAsync(feedbackFile, cancellationToken))!
            .Where(f => faqIds.ContainsKey(f.FaqId)).GroupBy(f => f.FaqId).SelectMany(faq => faq.Take(perFaq)).ToList();
        var now = DateTimeOffset.UtcNow;
        var moderator = new User
        {
            UserName = "eval-moderator",
            NormalizedUserName = "EVAL-MODERATOR",
            Email = "eval@chatbot.local",
            NormalizedEmail = "EVAL@CHATBOT.LOCAL",
            SecurityStamp = Guid.NewGuid().ToString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Users.Add(moderator);
        var conversation = db.Conversations.Add(new Conversation { UserId = moderator.Id, Language = "en", CreatedAt = now }).Entity;
        var questions = confirmed.Select(f => new Message { ConversationId = conversation.Id, Role = MessageRole.User, Content = f.Query, Language = "en", CreatedAt = now }).ToList();
        db.Messages.AddRange(questions);
        await db.SaveChangesAsync(cancellationToken);

        var suggestions = services.GetRequiredService<FaqSuggestions>();
        var pending = new List<long>();
        for (var i = 0; i < confirmed.Count; i++)
        {
            if (await suggestions.SuggestAsync(faqIds[confirmed[i].FaqId], questions[i].Id, SuggestionSource.Moderator, moderator.Id, cancellationToken)
                is { Status: SuggestionStatus.Pending } suggestion)
            {
                pending.Add(suggestion.Id);
            }
        }

        var approved = await suggestions.ApproveAsync(pending, moderator.Id, cancellationToken);
        if (approved.Kind != ResultKind.Ok)
        {
            throw new InvalidOperationException($"Approval failed: {approved.Detail} {JsonSerializer.Serialize(approved.Errors)}");
        }

        await log.WriteLineAsync($"Learned from feedback: {confirmed.Count} confirmed questions ({perFaq} per FAQ), {pending.Distinct().Count()} suggested and " +
                                 $"approved, {confirmed.Count - pending.Distinct().Count()} not (moderation flagged them, or the FAQ already had them)");
    }
}
