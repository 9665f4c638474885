namespace ChatBot.Bench.Chat;

/// <summary>Sends one chat turn and waits for its whole answer.</summary>
public interface ITurnSender : IAsyncDisposable
{
    /// <summary>What the turns go through, for the table.</summary>
    string Path { get; }

    Task<TurnOutcome> SendAsync(int turn, string question, CancellationToken cancellationToken);
}
