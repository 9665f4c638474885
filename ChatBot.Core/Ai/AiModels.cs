namespace ChatBot.Core.Ai;

/// <summary>The chat and embedding settings this process resolved at start.</summary>
public sealed record AiModels(AiModelSettings Chat, AiModelSettings Embeddings)
{
    /// <summary>Stored beside every embedding; a different value means the FAQ must be embedded again.</summary>
    public string EmbeddingModelId => $"{Embeddings.Provider}:{Embeddings.Model}".ToLowerInvariant();
}
