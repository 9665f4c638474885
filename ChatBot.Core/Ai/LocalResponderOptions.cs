using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Ai;

/// <summary>Pacing of the local responder's stream (0 = as fast as possible; a few ms gives a typing effect).</summary>
public sealed class LocalResponderOptions
{
    public const string Section = "Ai:Local";

    [Range(0, 1000)]
    public int ChunkDelayMilliseconds { get; set; }
}
