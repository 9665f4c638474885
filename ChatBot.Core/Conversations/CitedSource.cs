namespace ChatBot.Core.Conversations;

/// <summary>An FAQ an answer drew on, stored with the message so later FAQ edits do not rewrite history.</summary>
public sealed class CitedSource
{
    public int FaqId { get; set; }

    public string Question { get; set; } = "";

    public double Score { get; set; }
}
