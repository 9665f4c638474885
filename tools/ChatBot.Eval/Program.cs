using System.Diagnostics;
using System.Text.Json;
using ChatBot.Core;
using ChatBot.Core.Ai;
using ChatBot.Core.Caching;
using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
using ChatBot.Eval;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Answers every query of an evaluation split through the product's own search and decision code, and scores it.
var arguments = EvalArguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine(EvalArguments.Usage);
    return 2;
}

var total = Stopwatch.StartNew();
var environmentConfiguration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
await using var environment = await EvalEnvironment.StartAsync(environmentConfiguration);

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    [$"ConnectionStrings:{ConnectionNames.Database}"] = environment.DatabaseConnectionString,
    [$"ConnectionStrings:{ConnectionNames.Cache}"] = environment.RedisConnectionString,
});
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
    .AddFilter("ChatBot", LogLevel.Information);
builder.AddChatBotData();
builder.AddChatBotCache();
builder.AddAiProviders();
builder.AddKnowledgeBase();
using var host = builder.Build();
await host.StartAsync();

await using var scope = host.Services.CreateAsyncScope();
var services = scope.ServiceProvider;
await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
var db = services.GetRequiredService<ChatBotDbContext>();
// A fresh knowledge base: the evaluation must not see FAQs from anything else.
await db.Database.ExecuteSqlRawAsync("TRUNCATE faq_variants, faqs, faq_categories RESTART IDENTITY CASCADE");

var phase = Stopwatch.StartNew();
await using (var faqsFile = File.OpenRead(arguments.FaqsFile))
{
    var import = await services.GetRequiredService<FaqWriter>().ImportAsync(FaqImportParser.ParseJson(faqsFile), actorId: null, CancellationToken.None);
    if (import.Status != FaqWriteStatus.Ok)
    {
        Console.Error.WriteLine($"Import failed: {import.Detail} {JsonSerializer.Serialize(import.Errors)}");
        return 1;
    }

    Console.WriteLine($"Imported {import.Value!.Created} FAQs and trained the answer model in {phase.Elapsed.TotalSeconds:F1} s");
}

var externalIds = await db.Faqs.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.ExternalId);
var queries = JsonSerializer.Deserialize<List<EvalQuery>>(await File.ReadAllTextAsync(arguments.QueriesFile))!;

phase.Restart();
var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
var vectors = new List<float[]>(queries.Count);
foreach (var batch in queries.Chunk(64))
{
    var embedded = await generator.GenerateAsync(batch.Select(q => q.Query));
    vectors.AddRange(embedded.Select(e => e.Vector.ToArray()));
}

var embedSeconds = phase.Elapsed.TotalSeconds;
phase.Restart();
var retriever = services.GetRequiredService<KnowledgeRetriever>();
var predictions = new List<string?>(queries.Count);
var details = new List<object>(queries.Count);
for (var i = 0; i < queries.Count; i++)
{
    var result = await retriever.RetrieveAsync(new RetrievalRequest(queries[i].Query, Limit: 1), vectors[i], CancellationToken.None);
    predictions.Add(result.Best is { } best ? externalIds[best.Faq.FaqId] : null);
    var top = result.Ranked.Count > 0 ? result.Ranked[0] : null;
    details.Add(new { query = queries[i].Query, expected = queries[i].ExpectedFaqId, top = top is null ? null : externalIds[top.Faq.FaqId], score = top?.Score, threshold = result.Threshold });
}

if (arguments.Details is not null)
{
    await File.WriteAllTextAsync(arguments.Details, JsonSerializer.Serialize(details));
}

var decideSeconds = phase.Elapsed.TotalSeconds;
await File.WriteAllTextAsync(arguments.Predictions, JsonSerializer.Serialize(predictions));
var metrics = Metrics.Score(queries, predictions);
var report = JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true });
if (arguments.Metrics is not null)
{
    await File.WriteAllTextAsync(arguments.Metrics, report);
}

Console.WriteLine(report);
Console.WriteLine($"{queries.Count} queries: embedded in {embedSeconds:F1} s, searched and decided in {decideSeconds:F1} s " +
                  $"({decideSeconds * 1000 / queries.Count:F1} ms each); total {total.Elapsed.TotalSeconds:F1} s. " +
                  $"Embeddings: {services.GetRequiredService<AiModels>().EmbeddingModelId}.");
await host.StopAsync();
return 0;
