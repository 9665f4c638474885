using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace ChatBot.Core.Ai;

/// <summary>
/// Counts tokens the way the configured model does (tiktoken vocabularies from Microsoft.ML.Tokenizers, offline).
/// Models tiktoken does not know (local, Llama, ...) are counted with o200k_base, a close-enough estimate.
/// </summary>
public sealed class TokenCounter
{
    private readonly ConcurrentDictionary<string, Tokenizer> _tokenizers = new(StringComparer.OrdinalIgnoreCase);

    public int Count(string text, string model) => string.IsNullOrEmpty(text) ? 0 : TokenizerFor(model).CountTokens(text);

    public Tokenizer TokenizerFor(string model) => _tokenizers.GetOrAdd(model, static name =>
    {
        try
        {
            return TiktokenTokenizer.CreateForModel(name);
        }
        catch (NotSupportedException)
        {
            return TiktokenTokenizer.CreateForEncoding("o200k_base");
        }
        catch (ArgumentException)
        {
            return TiktokenTokenizer.CreateForEncoding("o200k_base");
        }
    });
}
