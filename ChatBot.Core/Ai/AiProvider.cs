namespace ChatBot.Core.Ai;

/// <summary>Who answers (chat) or embeds (search); chosen separately for each.</summary>
public enum AiProvider
{
    /// <summary>No key, no network: MiniLM embeddings and the retrieval responder.</summary>
    Local,

    OpenAI,

    /// <summary>Azure OpenAI's OpenAI-compatible v1 endpoint, authenticated with an <c>api-key</c> header.</summary>
    AzureOpenAI,

    /// <summary>Any server speaking the OpenAI wire protocol: Ollama, vLLM, LM Studio, ...</summary>
    OpenAICompatible,
}
