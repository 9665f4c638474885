using ChatBot.Core.Conversations;

namespace ChatBot.Api.Conversations;

/// <summary>An FAQ an answer drew on, as a stored message and a live stream both report it.</summary>
public sealed record SourceResponse(int FaqId, string Question, double Score)
{
    public static SourceResponse From(CitedSource source) => new(source.FaqId, source.Question, source.Score);
}
