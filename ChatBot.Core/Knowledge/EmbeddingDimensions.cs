namespace ChatBot.Core.Knowledge;

public static class EmbeddingDimensions
{
    /// <summary>
    /// Width of every stored embedding. The local model (all-MiniLM-L6-v2) produces 384; OpenAI's
    /// text-embedding-3 models are asked for 384 through their <c>dimensions</c> parameter.
    /// </summary>
    public const int Value = 384;
}
