namespace ChatBot.Core.Knowledge;

/// <summary>Configuration section <c>Knowledge</c>.</summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>Who retrains the answer model after the knowledge base changes.</summary>
    public AnswerModelTraining AnswerModelTraining { get; set; } = AnswerModelTraining.InProcess;
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
