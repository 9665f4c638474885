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
    IReadOnlyList<int> SearchProbes,
    long? ListsFromTexts = null,
    int? TextsPerList = null)
{
    public const string Usage = """
        usage: ChatBot.Bench [--sizes 1000,10000,100000] [--texts 6] [--queries 650] [--concurrency 4] [--datasets DIR,DIR]
                           [--depths 400] [--probes 10] [--lists-from N] [--texts-per-list 1000]
          Grows a synthetic knowledge base through each size, retrains the answer model, and times FAQ search
          (embedding + PostgreSQL + answer model, the code behind GET /api/v1/faqs/search) on real questions.
          --datasets: eval packages whose faqs.json seed the synthetic FAQs and whose dev_queries.json are asked
                      (default eval/clinc150,eval/banking77).
          --depths: search depths of an HNSW graph (Knowledge:SearchDepth, pgvector's hnsw.ef_search) to time and check.
          --probes: IVF lists read per search (Knowledge:SearchProbes, pgvector's ivfflat.probes) to time and check.
          --lists-from: texts from which the index is IVF lists instead of a graph (Knowledge:ListsFromTexts); 1 for
                        lists at every size, a large number for a graph at every size.
          --texts-per-list: texts per IVF list (Knowledge:TextsPerList) instead of the default.
        """;

    public static FaqSearchArguments? Parse(string[] args)
    {
        var evalRoot = RepositoryPaths.EvalData;
        var result = new FaqSearchArguments([1_000, 10_000, 100_000], 6, 650, 4,
            [Path.Combine(evalRoot, "clinc150"), Path.Combine(evalRoot, "banking77")], [new KnowledgeOptions().SearchDepth], [new KnowledgeOptions().SearchProbes]);
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
                "--texts-per-list" => result with { TextsPerList = int.Parse(value, CultureInfo.InvariantCulture) },
                "--depths" => result with { SearchDepths = value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() },
                "--lists-from" => result with { ListsFromTexts = long.Parse(value, CultureInfo.InvariantCulture) },
                "--probes" => result with { SearchProbes = value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() },
                _ => null,
            };
            if (result is null)
            {
                return null;
            }
        }

        return result.TextsPerFaq is >= 1 and <= 6 && result.Queries > 0 && result.Concurrency > 0
            && result.SearchDepths.All(d => d is >= FaqCandidateSearch.NearestVariants and <= 1000)
            && result.SearchProbes.All(p => p is >= 1 and <= FaqTextIndex.MaxLists)
            && result.ListsFromTexts is null or >= 1 && result.TextsPerList is null or >= 1 ? result : null;
    }
}
