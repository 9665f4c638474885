using System.ComponentModel.DataAnnotations;

namespace ChatBot.Api.Chat;

public sealed class ChatSettings
{
    public const string Section = "Chat";

    /// <summary>Longest user message accepted (characters); longer ones get 413.</summary>
    [Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>How long finished answers stay resumable from Redis (the database keeps them for good).</summary>
    [Range(1, 10_080)]
    public int StreamRetentionMinutes { get; set; } = 60;

    /// <summary>History messages loaded for the prompt before token-budget truncation.</summary>
    [Range(0, 200)]
    public int HistoryMessages { get; set; } = 20;

    /// <summary>
    /// An answer whose writer has not appended for this long is reported lost to its readers (the replica writing it
    /// died) instead of keeping them waiting. Longer than the worst case of provider timeouts and retries.
    /// </summary>
    [Range(1, 3600)]
    public int StalledAfterSeconds { get; set; } = 120;

    /// <summary>
    /// A message sent while the previous answer in its conversation is still being written waits this long for it
    /// (then 409), so every turn's prompt holds the turns before it.
    /// </summary>
    [Range(0, 600)]
    public int TurnWaitSeconds { get; set; } = 60;

    /// <summary>Answers one user may have being written at once, across replicas; a further message gets 429.</summary>
    [Range(1, 100)]
    public int MaxAnswersInFlightPerUser { get; set; } = 2;

    /// <summary>Answers one Api replica writes at once, for all users together; a further message gets 429.</summary>
    [Range(1, 100_000)]
    public int MaxAnswersInFlight { get; set; } = 64;

    /// <summary>Chat sockets one user may hold open at once, across replicas; a further one is closed with 1008.</summary>
    [Range(1, 1000)]
    public int MaxSocketsPerUser { get; set; } = 10;

    /// <summary>Frames a socket may send per second on average (any type); beyond, frames get a rate_limited error.</summary>
    [Range(1, 10_000)]
    public int SocketFramesPerSecond { get; set; } = 2;

    /// <summary>Frames a socket may send in a burst before <see cref="SocketFramesPerSecond"/> applies.</summary>
    [Range(1, 100_000)]
    public int SocketFrameBurst { get; set; } = 30;

    /// <summary>Largest WebSocket message a client may send (bytes).</summary>
    [Range(256, 1_048_576)]
    public int MaxFrameBytes { get; set; } = 16 * 1024;

    /// <summary>A socket with no client frame and no answer in flight for this long is closed.</summary>
    [Range(5, 86_400)]
    public int IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>Server keep-alive pings on WebSockets.</summary>
    [Range(1, 3600)]
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>Time a client has to authenticate in its first frame when the URL carried no token.</summary>
    [Range(1, 120)]
    public int AuthenticationTimeoutSeconds { get; set; } = 10;
}
