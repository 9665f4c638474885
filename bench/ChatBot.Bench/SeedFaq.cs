namespace ChatBot.Bench;

/// <summary>A real FAQ (question first, then alternates) with the real embedding of each text.</summary>
public sealed record SeedFaq(IReadOnlyList<string> Texts, IReadOnlyList<float[]> Embeddings);
