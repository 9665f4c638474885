using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ChatBot.Core;
using ChatBot.Core.Ai;
using ChatBot.Core.Caching;
using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
using ChatBot.DevServers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace ChatBot.Bench;

/// <summary>
/// Times FAQ search as the API runs it (<see cref="KnowledgeRetriever"/>: embed the question, one PostgreSQL round trip
/// over the HNSW and full-text indexes, score with the answer model) while a synthetic knowledge base grows through
/// the requested sizes, so the sizes compare as ratios within one run on one machine.
/// </summary>
public static class FaqSearchBenchmark
{
    private const int WarmUpQueries = 100;

    /// <summary>Questions whose candidates are checked against an exact scan at each size (about 40 ms each at 100k FAQs).</summary>
    private const int RecallQueries = 300;

    public static async Task RunAsync(FaqSearchArguments arguments, TextWriter log, CancellationToken cancellationToken = default)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        await using var environment = await ServerEnvironment.StartAsync(
            configuration.GetConnectionString(ConnectionNames.Database), configuration.GetConnectionString(ConnectionNames.Cache), "chatbot_bench");

        using var host = await KnowledgeToolHost.StartAsync(environment.DatabaseConnectionString, environment.RedisConnectionString, cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ChatBotDbContext>();
        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var seeds = await LoadSeedsAsync(arguments.Datasets, generator, cancellationToken);
        var questions = LoadQuestions(arguments.Datasets);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{seeds.Count} seed FAQs, {questions.Count} real questions, {arguments.TextsPerFaq} texts per FAQ, {Environment.ProcessorCount} cores"));

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        var knowledge = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        knowledge.TextsPerList = arguments.TextsPerList ?? knowledge.TextsPerList;
        knowledge.ListsFromTexts = arguments.ListsFromTexts ?? knowledge.ListsFromTexts;
        var knowledgeBase = new SyntheticKnowledgeBase(connection, services.GetRequiredService<AiModels>().EmbeddingModelId, arguments.TextsPerFaq);
        await knowledgeBase.PrepareAsync(seeds, cancellationToken);

        var needed = arguments.Sizes.Count * (2 * WarmUpQueries + Math.Max(arguments.SearchDepths.Count, arguments.SearchProbes.Count) * (2 * arguments.Queries + Math.Min(RecallQueries, arguments.Queries)));
        if (needed > questions.Count)
        {
            // Repeated questions hit the embedding cache and would flatter the later sizes.
            await log.WriteLineAsync($"warning: {needed} questions needed, {questions.Count} available; use fewer --queries or sizes");
        }

        var rows = new List<string>();
        var next = 0;
        foreach (var size in arguments.Sizes)
        {
            var (insert, index) = await knowledgeBase.GrowToAsync(size, services.GetRequiredService<FaqTextIndex>(), cancellationToken);
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"[{size} FAQs] inserted in {insert.TotalSeconds:F1} s, vector index ({index.Shape}) built in {index.Duration.TotalSeconds:F1} s"));

            await services.GetRequiredService<KnowledgeVersion>().BumpAsync();
            var training = Stopwatch.StartNew();
            await services.GetRequiredService<AnswerModelProvider>().RefreshAsync(cancellationToken);
            training.Stop();
            using (var process = Process.GetCurrentProcess())
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"[{size} FAQs] answer model trained in {training.Elapsed.TotalSeconds:F1} s; process peak RSS {process.PeakWorkingSet64 / 1024 / 1024} MB"));
            }

            var plan = await ExplainAsync(connection, questions[0], generator, cancellationToken);
            await log.WriteLineAsync($"[{size} FAQs] EXPLAIN: {plan}");

            var take = (int count) =>
            {
                var slice = Enumerable.Range(next, count).Select(i => questions[i % questions.Count]).ToList();
                next += count;
                return slice;
            };
            await MeasureAsync(host.Services, generator, take(WarmUpQueries), 1, cancellationToken);
            var (candidates, scoring) = await BreakdownAsync(host.Services, generator, take(WarmUpQueries), cancellationToken);
            await log.WriteLineAsync($"[{size} FAQs] search, split: candidates (PostgreSQL) {candidates}; scoring {scoring}");
            var exact = await CandidateRecall.LoadAsync(connection, cancellationToken);
            // A graph is timed at each depth, lists at each number of lists read. The bench's own options instance: every
            // search from here on reads the new setting.
            foreach (var setting in index.Shape.Lists is null ? arguments.SearchDepths : arguments.SearchProbes)
            {
                knowledge.SearchDepth = setting;
                knowledge.SearchProbes = setting;
                var inEffect = index.Shape.Lists is { } lists
                    ? $"{Math.Min(setting, lists)} of {lists} lists"
                    : $"depth {await DepthInEffectAsync(connection, knowledge, cancellationToken)}";
                var label = $"[{size} FAQs, {inEffect}]";
                var sequential = await MeasureAsync(host.Services, generator, take(arguments.Queries), 1, cancellationToken);
                await log.WriteLineAsync($"{label} one at a time: embed {sequential.Embed}; search {sequential.Search}; total {sequential.Total}");
                var concurrent = await MeasureAsync(host.Services, generator, take(arguments.Queries), arguments.Concurrency, cancellationToken);
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{label} {arguments.Concurrency} at a time: total {concurrent.Total}; {concurrent.PerSecond:F0} searches/s"));
                var recall = await RecallAsync(host.Services, generator, exact, take(Math.Min(RecallQueries, arguments.Queries)), cancellationToken);
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{label} recall@{CandidateRecall.K} of the candidates against an exact scan: mean {recall.Mean:F3}, all {CandidateRecall.K} found for {recall.Complete:P1} of questions, worst {recall.Worst:F1}; within {CandidateRecall.Tolerance} of the exact {CandidateRecall.K}th: {recall.Tolerant:F3}"));
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {size * arguments.TextsPerFaq:N0} | {index.Duration.TotalSeconds:F0} s | {training.Elapsed.TotalSeconds:F1} s | {inEffect} | {sequential.Embed.P95:F1} | {sequential.Search.P50:F1} | {sequential.Search.P95:F1} | {sequential.Total.P95:F1} | {concurrent.Total.P95:F1} | {concurrent.PerSecond:F0} | {recall.Mean:F3} | {recall.Tolerant:F3} |"));
            }
        }

        await log.WriteLineAsync();
        await log.WriteLineAsync($"| FAQs | texts | index build | training | search | embed p95 ms | search p50 ms | search p95 ms | total p95 ms | total p95 ms ({arguments.Concurrency} at a time) | searches/s ({arguments.Concurrency} at a time) | recall@{CandidateRecall.K} | recall@{CandidateRecall.K}, ties within {CandidateRecall.Tolerance} |");
        await log.WriteLineAsync("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            await log.WriteLineAsync(row);
        }

        await host.StopAsync(cancellationToken);
    }

    private static async Task<List<SeedFaq>> LoadSeedsAsync(
        IReadOnlyList<string> datasets, IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken)
    {
        var seeds = new List<SeedFaq>();
        foreach (var dataset in datasets)
        {
            await using var file = File.OpenRead(Path.Combine(dataset, "faqs.json"));
            foreach (var row in FaqImportParser.ParseJson(file))
            {
                var texts = new[] { row.Input.Question }.Concat(row.Input.Alternates).ToList();
                var embedded = await generator.GenerateAsync(texts, cancellationToken: cancellationToken);
                seeds.Add(new SeedFaq(texts, embedded.Select(e => e.Vector.ToArray()).ToList()));
            }
        }

        return seeds;
    }

    private static List<string> LoadQuestions(IReadOnlyList<string> datasets)
    {
        var questions = datasets
            .SelectMany(d => JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "dev_queries.json"))).RootElement.EnumerateArray())
            .Select(q => q.GetProperty("query").GetString()!)
            .Distinct()
            .ToList();
        // Interleave the datasets deterministically so each slice mixes them.
        return questions.OrderBy(q => (uint)StringComparer.Ordinal.GetHashCode(q) % 7919).ThenBy(q => q, StringComparer.Ordinal).ToList();
    }

    private static async Task<Measurement> MeasureAsync(
        IServiceProvider services, IEmbeddingGenerator<string, Embedding<float>> generator, List<string> questions, int concurrency, CancellationToken cancellationToken)
    {
        var embed = new ConcurrentBag<double>();
        var search = new ConcurrentBag<double>();
        var total = new ConcurrentBag<double>();
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(questions, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (question, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var vector = (await generator.GenerateAsync([question], cancellationToken: ct))[0].Vector.ToArray();
            var embedded = Stopwatch.GetTimestamp();
            await using var requestScope = services.CreateAsyncScope();
            await requestScope.ServiceProvider.GetRequiredService<KnowledgeRetriever>().RetrieveAsync(new RetrievalRequest(question), vector, ct);
            var done = Stopwatch.GetTimestamp();
            embed.Add(Stopwatch.GetElapsedTime(started, embedded).TotalMilliseconds);
            search.Add(Stopwatch.GetElapsedTime(embedded, done).TotalMilliseconds);
            total.Add(Stopwatch.GetElapsedTime(started, done).TotalMilliseconds);
        });
        wall.Stop();
        return new Measurement(LatencySummary.Of(embed), LatencySummary.Of(search), LatencySummary.Of(total), questions.Count / wall.Elapsed.TotalSeconds);
    }

    /// <summary>The two halves of a search timed apart: the candidate query and the answer model's scoring.</summary>
    private static async Task<(LatencySummary Candidates, LatencySummary Scoring)> BreakdownAsync(
        IServiceProvider services, IEmbeddingGenerator<string, Embedding<float>> generator, List<string> questions, CancellationToken cancellationToken)
    {
        var candidates = new List<double>();
        var scoring = new List<double>();
        var model = await services.GetRequiredService<AnswerModelProvider>().GetAsync(cancellationToken);
        foreach (var question in questions)
        {
            var vector = (await generator.GenerateAsync([question], cancellationToken: cancellationToken))[0].Vector.ToArray();
            await using var scope = services.CreateAsyncScope();
            var started = Stopwatch.GetTimestamp();
            var found = await scope.ServiceProvider.GetRequiredService<FaqCandidateSearch>().FindAsync(new CandidateQuery(question, vector), cancellationToken);
            var searched = Stopwatch.GetTimestamp();
            model.Rank(question, vector, found);
            candidates.Add(Stopwatch.GetElapsedTime(started, searched).TotalMilliseconds);
            scoring.Add(Stopwatch.GetElapsedTime(searched).TotalMilliseconds);
        }

        return (LatencySummary.Of(candidates), LatencySummary.Of(scoring));
    }

    /// <summary>Recall@10 of the search's candidates against an exact scan of every text, over the given questions.</summary>
    private static async Task<RecallSummary> RecallAsync(
        IServiceProvider services, IEmbeddingGenerator<string, Embedding<float>> generator, CandidateRecall exact, List<string> questions, CancellationToken cancellationToken)
    {
        var strict = new List<double>();
        var tolerant = new List<double>();
        foreach (var question in questions)
        {
            var vector = (await generator.GenerateAsync([question], cancellationToken: cancellationToken))[0].Vector.ToArray();
            await using var scope = services.CreateAsyncScope();
            var found = await scope.ServiceProvider.GetRequiredService<FaqCandidateSearch>().FindAsync(new CandidateQuery(question, vector), cancellationToken);
            var recall = exact.Of(vector, found);
            strict.Add(recall.Strict);
            tolerant.Add(recall.Tolerant);
        }

        return new RecallSummary(strict.Average(), strict.Count(r => r >= 1) / (double)strict.Count, strict.Min(), tolerant.Average());
    }

    /// <summary>The graph's search depth a query runs with at this size (the knowledge base scales it up to the configured one).</summary>
    private static async Task<int> DepthInEffectAsync(NpgsqlConnection connection, KnowledgeOptions knowledge, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(FaqCandidateSearch.SettingsSql, connection, transaction);
        FaqCandidateSearch.AddSettings(command.Parameters, knowledge);
        int depth;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            depth = int.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
        }

        await transaction.RollbackAsync(cancellationToken);
        return depth;
    }

    /// <summary>Runs stage 1's SQL under EXPLAIN ANALYZE and reports whether the vector index served it, and how fast.</summary>
    private static async Task<string> ExplainAsync(
        NpgsqlConnection connection, string question, IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken)
    {
        var vector = (await generator.GenerateAsync([question], cancellationToken: cancellationToken))[0].Vector.ToArray();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var settings = new NpgsqlCommand(FaqCandidateSearch.SettingsSql, connection, transaction))
        {
            FaqCandidateSearch.AddSettings(settings.Parameters, new KnowledgeOptions());
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE) " + FaqCandidateSearch.Sql, connection, transaction);
        FaqCandidateSearch.AddParameters(explain.Parameters, new CandidateQuery(question, vector));
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(reader.GetString(0));
            }
        }

        await transaction.RollbackAsync(cancellationToken);
        var used = lines.Any(l => l.Contains($"Index Scan using {FaqTextIndex.Name}", StringComparison.Ordinal));
        return $"vector index used: {used} for \"{question}\"{Environment.NewLine}    {string.Join(Environment.NewLine + "    ", lines)}";
    }

    private sealed record RecallSummary(double Mean, double Complete, double Worst, double Tolerant);

    private sealed record Measurement(LatencySummary Embed, LatencySummary Search, LatencySummary Total, double PerSecond);
}
