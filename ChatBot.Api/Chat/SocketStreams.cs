namespace ChatBot.Api.Chat;

/// <summary>The answers streaming to one chat socket, by message id: at most <see cref="MaxConcurrent"/> at once.</summary>
public sealed class SocketStreams
{
    public const int MaxConcurrent = 4;

    private readonly Dictionary<Guid, Task> _running = [];

    public bool IsFull => Running().Count >= MaxConcurrent;

    public bool IsIdle => Running().Count == 0;

    public bool IsStreaming(Guid messageId) => Running().ContainsKey(messageId);

    public void Add(Guid messageId, Task pump) => _running[messageId] = pump;

    /// <summary>Waits for every stream to end (they end themselves on cancellation or a send failure).</summary>
    public Task WhenAllEndedAsync() => Task.WhenAll(_running.Values).ContinueWith(_ => { }, TaskScheduler.Default);

    private Dictionary<Guid, Task> Running()
    {
        foreach (var ended in _running.Where(s => s.Value.IsCompleted).Select(s => s.Key).ToList())
        {
            _running.Remove(ended);
        }

        return _running;
    }
}
