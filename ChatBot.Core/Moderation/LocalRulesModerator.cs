using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Moderation;

/// <summary>
/// Moderation without a service: a configurable blocklist, personal data (card numbers block, emails and phone numbers
/// flag) and common prompt-injection phrasings. Deliberately simple and explainable.
/// </summary>
public sealed partial class LocalRulesModerator(IOptions<ModerationOptions> options) : IContentModerator
{
    public const string ProviderName = "local-rules";

    private readonly Regex? _blocklist = BuildBlocklist(options.Value.BlockedTerms);

    public Task<ModerationVerdict> CheckAsync(string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var categories = new List<string>();
        var blocked = false;
        if (_blocklist?.IsMatch(text) == true)
        {
            categories.Add("blocked_terms");
            blocked = true;
        }

        if (PromptInjection().IsMatch(text))
        {
            categories.Add("prompt_injection");
            blocked |= settings.BlockPromptInjection;
        }

        if (PiiPatterns.ContainsCardNumber(text))
        {
            categories.Add("pii.card_number");
            blocked |= settings.BlockCardNumbers;
        }

        if (PiiPatterns.ContainsEmail(text))
        {
            categories.Add("pii.email");
        }

        if (PiiPatterns.ContainsPhoneNumber(text))
        {
            categories.Add("pii.phone");
        }

        return Task.FromResult(new ModerationVerdict(categories.Count > 0, blocked, categories, ProviderName));
    }

    private static Regex? BuildBlocklist(IEnumerable<string> terms)
    {
        var escaped = terms.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => Regex.Escape(t.Trim())).ToList();
        return escaped.Count == 0
            ? null
            : new Regex($@"(?<!\w)(?:{string.Join('|', escaped)})(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    [GeneratedRegex(@"\b(ignore|disregard|forget|override)\b.{0,40}\b(previous|prior|above|earlier|all|your)\b.{0,30}\b(instructions?|prompts?|rules|directions)\b|\b(reveal|show|print|repeat|leak)\b.{0,30}\b(system|hidden|initial)\s+(prompt|instructions?|message)\b|\byou\s+are\s+now\s+(in\s+)?(dan|developer\s+mode|jailbroken|unfiltered)\b|\bjailbreak\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PromptInjection();
}
