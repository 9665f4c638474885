using System.Text;
using ChatBot.Core.Moderation;

namespace ChatBot.Core.Answering;

/// <summary>
/// Holds a language model's output back until a sentence (or a couple of hundred characters) is complete, and releases
/// it only if the answer so far passes the local moderation rules. When it does not, nothing more is released: the
/// user sees a notice instead of the offending text. Cheap (regular expressions), so it runs on every sentence; the
/// remote moderator checks the whole answer at the end.
/// </summary>
public sealed class OutputGate(IContentModerator rules)
{
    public const string WithheldNotice = " [The rest of this answer was withheld by moderation.]";

    private const int MaxHeldCharacters = 200;

    private readonly StringBuilder _answer = new();
    private int _released;

    public bool Blocked { get; private set; }

    public ModerationVerdict? Verdict { get; private set; }

    /// <summary>Everything the model said, released or not (for the moderators' queue).</summary>
    public string ModelOutput => _answer.ToString();

    /// <summary>Adds model output; returns the text that may be shown now (empty while a sentence is incomplete).</summary>
    public async Task<string> OfferAsync(string delta, CancellationToken cancellationToken)
    {
        if (Blocked)
        {
            return "";
        }

        _answer.Append(delta);
        var held = _answer.Length - _released;
        var endsSentence = delta.AsSpan().IndexOfAny(".!?\n") >= 0;
        return endsSentence || held >= MaxHeldCharacters ? await ReleaseAsync(cancellationToken) : "";
    }

    /// <summary>Releases whatever is still held once the model has finished.</summary>
    public Task<string> FlushAsync(CancellationToken cancellationToken) =>
        Blocked || _released == _answer.Length ? Task.FromResult("") : ReleaseAsync(cancellationToken);

    private async Task<string> ReleaseAsync(CancellationToken cancellationToken)
    {
        var verdict = await rules.CheckAsync(_answer.ToString(), cancellationToken);
        if (verdict.Blocked)
        {
            Blocked = true;
            Verdict = verdict;
            return WithheldNotice;
        }

        var text = _answer.ToString(_released, _answer.Length - _released);
        _released = _answer.Length;
        return text;
    }
}
