namespace ChatBot.Core.Knowledge;

/// <summary>What <see cref="FaqTextIndex"/> is: IVF with this many lists, or (no lists) an HNSW graph.</summary>
public sealed record FaqTextIndexShape(int? Lists)
{
    public static readonly FaqTextIndexShape Graph = new((int?)null);

    public override string ToString() => Lists is { } lists ? $"IVF, {lists} lists" : "HNSW graph";
}
