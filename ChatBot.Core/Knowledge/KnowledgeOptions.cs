using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Knowledge;

/// <summary>Configuration section <c>Knowledge</c>.</summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>Who retrains the answer model after the knowledge base changes.</summary>
    public AnswerModelTraining AnswerModelTraining { get; set; } = AnswerModelTraining.InProcess;

    /// <summary>
    /// How many texts the HNSW index keeps in view while it walks towards a question (pgvector's <c>hnsw.ef_search</c>)
    /// in a large knowledge base; smaller ones are searched less deeply (see <see cref="FaqCandidateSearch.DepthSql"/>).
    /// Deeper finds the truly nearest FAQs more often and costs time; bench/faq-search.sh measures both. At 100k FAQs,
    /// 400 finds 94 % of the exact 10 nearest (100: 79 %) for about 2 ms more at the median.
    /// </summary>
    [Range(FaqCandidateSearch.NearestVariants, 1000)]
    public int SearchDepth { get; set; } = 400;
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
