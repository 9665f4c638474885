using System.Diagnostics;
using System.Text.Json;
using ChatBot.Core;
using ChatBot.Core.Ai;
using ChatBot.Core.Caching;
using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
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
/// <see cref="KnowledgeRetriever"/> the chat uses), writes the predictions in score.py's format and scores them.
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
        var predictions = new List<string?>(queries.Count);
        var details = new List<object>(queries.Count);
        for (var i = 0; i < queries.Count; i++)
        {
            var result = await retriever.RetrieveAsync(new RetrievalRequest(queries[i].Query, Limit: 1), vectors[i], cancellationToken);
            predictions.Add(result.Best is { } best ? externalIds[best.Faq.FaqId] : null);
            var top = result.Ranked.Count > 0 ? result.Ranked[0] : null;
            details.Add(new { query = queries[i].Query, expected = queries[i].ExpectedFaqId, top = top is null ? null : externalIds[top.Faq.FaqId], score = top?.Score, threshold = result.Threshold });
        }

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
}
