using System.Globalization;
using ChatBot.Core.Knowledge;
using ChatBot.DevServers;

namespace ChatBot.Bench;

/// <summary>Command line of the FAQ search benchmark.</summary>
public sealed record FaqSearchArguments(
    IReadOnlyList<int> Sizes,
    int TextsPerFaq,
    int Queries,
    int Concurrency,
    IReadOnlyList<string> Datasets,
    IReadOnlyList<int> SearchDepths,
    int? BuildDepth = null,
    int? GraphDegree = null)
{
    public const string Usage = """
        usage: ChatBot.Bench [--sizes 1000,10000,100000] [--texts 6] [--queries 650] [--concurrency 4] [--datasets DIR,DIR]
                           [--depths 100] [--build-depth N] [--graph-degree N]
          Grows a synthetic knowledge base through each size, retrains the answer model, and times FAQ search
          (embedding + PostgreSQL + answer model, the code behind GET /api/v1/faqs/search) on real questions.
          --datasets: eval packages whose faqs.json seed the synthetic FAQs and whose dev_queries.json are asked
                      (default eval/clinc150,eval/banking77).
          --depths: search depths (Knowledge:SearchDepth, pgvector's hnsw.ef_search) to time and check at each size.
          --build-depth: the HNSW index's ef_construction instead of the migration's.
          --graph-degree: the HNSW index's m (neighbours per node) instead of the migration's.
        """;

    public static FaqSearchArguments? Parse(string[] args)
    {
        var evalRoot = RepositoryPaths.EvalData;
        var result = new FaqSearchArguments([1_000, 10_000, 100_000], 6, 650, 4,
            [Path.Combine(evalRoot, "clinc150"), Path.Combine(evalRoot, "banking77")], [new KnowledgeOptions().SearchDepth]);
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            var value = args[++i];
            result = args[i - 1] switch
            {
                "--sizes" => result with { Sizes = value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToList() },
                "--texts" => result with { TextsPerFaq = int.Parse(value, CultureInfo.InvariantCulture) },
                "--queries" => result with { Queries = int.Parse(value, CultureInfo.InvariantCulture) },
                "--concurrency" => result with { Concurrency = int.Parse(value, CultureInfo.InvariantCulture) },
                "--datasets" => result with { Datasets = value.Split(',') },
                "--build-depth" => result with { BuildDepth = int.Parse(value, CultureInfo.InvariantCulture) },
                "--graph-degree" => result with { GraphDegree = int.Parse(value, CultureInfo.InvariantCulture) },
                "--depths" => result with { SearchDepths = value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() },
                _ => null,
            };
            if (result is null)
            {
                return null;
            }
        }

        return result.TextsPerFaq is >= 1 and <= 6 && result.Queries > 0 && result.Concurrency > 0
            && result.SearchDepths.All(d => d is >= FaqCandidateSearch.NearestVariants and <= 1000) ? result : null;
    }
}
