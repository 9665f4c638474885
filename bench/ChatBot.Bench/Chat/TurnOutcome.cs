using System.Diagnostics;

namespace ChatBot.Bench.Chat;

/// <summary>How one turn went, in <see cref="Stopwatch"/> timestamps.</summary>
/// <param name="Failure">Null when the whole answer arrived, else why not.</param>
/// <param name="FirstDeltaAt">When the first piece of the answer arrived, where the transport shows pieces.</param>
/// <param name="DoneAt">When the turn ended.</param>
public readonly record struct TurnOutcome(string? Failure, long? FirstDeltaAt, long DoneAt)
{
    public static TurnOutcome Failed(string why) => new(why, null, Stopwatch.GetTimestamp());

    public static TurnOutcome Answered(long? firstDeltaAt) => new(null, firstDeltaAt, Stopwatch.GetTimestamp());
}
