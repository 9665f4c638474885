namespace ChatBot.Core.Knowledge;

/// <summary>What a rebuild of <see cref="FaqTextIndex"/> did.</summary>
public sealed record FaqTextIndexRebuild(long Texts, FaqTextIndexShape? Previous, FaqTextIndexShape Shape, TimeSpan Duration);
