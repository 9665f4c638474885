using ChatBot.Core.Ai;
using OpenAI.Moderations;

namespace ChatBot.Core.Moderation;

/// <summary>OpenAI's moderation endpoint; anything it flags is refused. Local rules still run beside it (PII, injection).</summary>
public sealed class OpenAIModerator(ModerationClient client) : IContentModerator
{
    public const string ProviderName = "openai";

    public static OpenAIModerator Create(OpenAIClientFactory factory, AiModelSettings settings, string model) =>
        new(factory.Create(settings).GetModerationClient(model));

    public async Task<ModerationVerdict> CheckAsync(string text, CancellationToken cancellationToken)
    {
        ModerationResult result = await client.ClassifyTextAsync(text, cancellationToken);
        var categories = new List<string>();
        void Add(ModerationCategory category, string name)
        {
            if (category.Flagged)
            {
                categories.Add(name);
            }
        }

        Add(result.Harassment, "harassment");
        Add(result.HarassmentThreatening, "harassment.threatening");
        Add(result.Hate, "hate");
        Add(result.HateThreatening, "hate.threatening");
        Add(result.Illicit, "illicit");
        Add(result.IllicitViolent, "illicit.violent");
        Add(result.SelfHarm, "self_harm");
        Add(result.SelfHarmInstructions, "self_harm.instructions");
        Add(result.SelfHarmIntent, "self_harm.intent");
        Add(result.Sexual, "sexual");
        Add(result.SexualMinors, "sexual.minors");
        Add(result.Violence, "violence");
        Add(result.ViolenceGraphic, "violence.graphic");
        return new ModerationVerdict(result.Flagged, result.Flagged, categories, ProviderName);
    }
}
