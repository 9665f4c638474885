namespace ChatBot.Core.Ai;

/// <summary>
/// What retrieval decided for a turn, handed to the chat client next to the prompt (in
/// <c>ChatOptions.AdditionalProperties</c>). A language model reads the context from the prompt; the local responder
/// answers from this directly.
/// </summary>
public sealed record KnowledgeGrounding(
    bool Confident,
    IReadOnlyList<GroundingFaq> Faqs,
    string Language,
    bool SmallTalk = false)
{
    public const string PropertyName = "chatbot.grounding";

    public GroundingFaq? Best => Confident && Faqs.Count > 0 ? Faqs[0] : null;
}

public sealed record GroundingFaq(int Id, string Question, string Answer, double Score);
