using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Ai;

/// <summary>
/// Configuration section <c>Ai</c>. Anything left empty falls back to the <c>ai</c> connection string, then to
/// <c>Ai:OpenAI:ApiKey</c> (seed: <c>OPENAI_API_KEY</c>, which turns chat to OpenAI), then to Local.
/// </summary>
public sealed class AiOptions
{
    public const string Section = "Ai";

    public AiEndpointOptions Chat { get; set; } = new();

    public AiEndpointOptions Embeddings { get; set; } = new();

    public OpenAiKeyOptions OpenAI { get; set; } = new();

    /// <summary>Tokens of conversation history sent to the model at most (older turns are dropped first).</summary>
    [Range(100, 1_000_000)]
    public int HistoryTokenBudget { get; set; } = 3000;

    /// <summary>FAQs given to the model as context.</summary>
    [Range(1, 20)]
    public int ContextFaqs { get; set; } = 3;

    /// <summary>How long one provider attempt may take before it is retried (then the fallback answer is used).</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Put prompts and answers on the GenAI trace spans (off: they are what users wrote).</summary>
    public bool IncludeContentInTelemetry { get; set; }
}

public sealed class AiEndpointOptions
{
    public AiProvider? Provider { get; set; }

    /// <summary>Model (or Azure deployment) name; a sensible default per provider.</summary>
    public string? Model { get; set; }

    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }
}

public sealed class OpenAiKeyOptions
{
    public string? ApiKey { get; set; }
}
