namespace ChatBot.Core.Moderation;

public sealed class ModerationOptions
{
    public const string Section = "Moderation";

    /// <summary>Words or phrases that block a message outright (case-insensitive, whole words).</summary>
    public List<string> BlockedTerms { get; set; } = ["kill yourself", "kys"];

    /// <summary>Card numbers are refused: storing them would put the whole system in PCI scope.</summary>
    public bool BlockCardNumbers { get; set; } = true;

    /// <summary>Attempts to override the bot's instructions are refused.</summary>
    public bool BlockPromptInjection { get; set; } = true;

    /// <summary>Use OpenAI's moderation endpoint as well (when chat uses OpenAI and a key is configured).</summary>
    public bool UseOpenAI { get; set; } = true;

    public string OpenAIModel { get; set; } = "omni-moderation-latest";
}
