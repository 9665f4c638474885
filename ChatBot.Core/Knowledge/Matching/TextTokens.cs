using System.Text;

namespace ChatBot.Core.Knowledge.Matching;

/// <summary>
/// Words for the lexical signal: lower case, apostrophes dropped, runs of [a-z0-9], common function words removed,
/// light suffix stemming (plural, -ing, -ed). Deliberately simple and language-light.
/// </summary>
public static class TextTokens
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "is", "are", "was", "were", "be", "been", "am",
        "i", "me", "my", "you", "your", "it", "its", "this", "that", "do", "does", "did", "can", "could", "would", "should",
        "will", "shall", "please", "what", "how", "why", "when", "where", "which", "who", "whom", "whose",
    };

    public static List<string> Of(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (var original in text)
        {
            if (original is '\'' or '\u2019')
            {
                continue;
            }

            var c = char.ToLowerInvariant(original);
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                word.Append(c);
                continue;
            }

            Flush(word, tokens);
        }

        Flush(word, tokens);
        return tokens;
    }

    private static void Flush(StringBuilder word, List<string> tokens)
    {
        if (word.Length == 0)
        {
            return;
        }

        var token = word.ToString();
        word.Clear();
        if (!StopWords.Contains(token))
        {
            tokens.Add(Stem(token));
        }
    }

    public static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("sses", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal))
        {
            word = word[..^1];
        }

        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
        {
            return word[..^3];
        }

        return word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal) ? word[..^2] : word;
    }
}
