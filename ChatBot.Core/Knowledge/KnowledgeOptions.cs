using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Knowledge;

/// <summary>Configuration section <c>Knowledge</c>.</summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>Who retrains the answer model after the knowledge base changes.</summary>
    public AnswerModelTraining AnswerModelTraining { get; set; } = AnswerModelTraining.InProcess;

    /// <summary>
    /// How many texts the HNSW graph keeps in view while it walks towards a question (pgvector's <c>hnsw.ef_search</c>)
    /// in a large knowledge base; smaller ones are searched less deeply (see <see cref="FaqCandidateSearch.SettingsSql"/>).
    /// Deeper finds the truly nearest FAQs more often and costs time; bench/faq-search.sh measures both. At 100k FAQs,
    /// 400 finds 94 % of the exact 10 nearest (100: 79 %) for about 2 ms more at the median.
    /// </summary>
    [Range(FaqCandidateSearch.NearestVariants, 1000)]
    public int SearchDepth { get; set; } = 400;

    /// <summary>
    /// From this many FAQ texts on, the vector index is IVF lists instead of an HNSW graph (<see cref="FaqTextIndex"/>).
    /// Measured: the graph is faster and finds as much up to 60,000 texts (10,000 FAQs); the two are even at 300,000; at
    /// 600,000 the lists (5 read) find 97.5 % of the exact nearest where the graph finds 89-93 %, no slower.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long ListsFromTexts { get; set; } = 300_000;

    /// <summary>
    /// How many of the IVF lists a search reads (pgvector's <c>ivfflat.probes</c>): those whose centres are nearest to
    /// the question. More finds the truly nearest FAQs more often and costs time. At 100k FAQs (600 lists), 5 find
    /// 97.5 % of the exact 10 nearest at a search p95 of 15.7 ms; 10 find 99.5 % at 22.5 ms.
    /// </summary>
    [Range(1, FaqTextIndex.MaxLists)]
    public int SearchProbes { get; set; } = 5;

    /// <summary>Texts per IVF list: pgvector advises 1,000 up to a million texts.</summary>
    [Range(1, 1_000_000)]
    public int TextsPerList { get; set; } = 1000;
}

public enum AnswerModelTraining
{
    /// <summary>The process that made the change trains at once (tools, tests, a single-process setup).</summary>
    InProcess,

    /// <summary>
    /// The Worker's training job does, one replica at a time; Api replicas keep answering with the model they have and
    /// load the new one when it is stored. Only a replica with no model at all trains for itself.
    /// </summary>
    Worker,
}
