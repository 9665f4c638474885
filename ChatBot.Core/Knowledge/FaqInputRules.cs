using ChatBot.Core.Localization;

namespace ChatBot.Core.Knowledge;

/// <summary>Limits every FAQ obeys, whether it comes from the API or from an import file.</summary>
public static class FaqInputRules
{
    public const int MaxQuestionLength = 1000;
    public const int MaxAnswerLength = 10000;
    public const int MaxAlternates = 50;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const int MaxExternalIdLength = 200;

    /// <summary>Field name → problems (snake_case names, as clients send them); empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(FaqInput input)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (string.IsNullOrWhiteSpace(input.Question))
        {
            Add("question", "The question is required.");
        }
        else if (input.Question.Length > MaxQuestionLength)
        {
            Add("question", $"At most {MaxQuestionLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(input.Answer))
        {
            Add("answer", "The answer is required.");
        }
        else if (input.Answer.Length > MaxAnswerLength)
        {
            Add("answer", $"At most {MaxAnswerLength} characters.");
        }

        if (input.Alternates.Count > MaxAlternates)
        {
            Add("alternates", $"At most {MaxAlternates} alternates.");
        }

        if (input.Alternates.Any(a => string.IsNullOrWhiteSpace(a) || a.Length > MaxQuestionLength))
        {
            Add("alternates", $"Alternates must be non-empty and at most {MaxQuestionLength} characters.");
        }

        if (input.Tags.Count > MaxTags || input.Tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxTagLength))
        {
            Add("tags", $"At most {MaxTags} non-empty tags of at most {MaxTagLength} characters.");
        }

        if (!LanguageTags.IsValid(input.Language))
        {
            Add("language", "Use a language tag such as 'en' or 'pt-BR'.");
        }

        if (input.ExternalId is { Length: > MaxExternalIdLength })
        {
            Add("external_id", $"At most {MaxExternalIdLength} characters.");
        }

        return errors;
    }

    /// <summary>Trims text and drops duplicate or empty alternates and tags.</summary>
    public static FaqInput Normalize(FaqInput input) => input with
    {
        Question = input.Question.Trim(),
        Answer = input.Answer.Trim(),
        Alternates = input.Alternates.Select(a => a.Trim()).Where(a => a.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(a => !a.Equals(input.Question.Trim(), StringComparison.OrdinalIgnoreCase)).ToList(),
        Tags = input.Tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToList(),
        Language = input.Language.Trim(),
        ExternalId = string.IsNullOrWhiteSpace(input.ExternalId) ? null : input.ExternalId.Trim(),
    };
}
