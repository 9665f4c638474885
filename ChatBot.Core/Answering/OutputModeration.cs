using System.Text;
using ChatBot.Core.Moderation;

namespace ChatBot.Core.Answering;

/// <summary>
/// Output moderation of one answer, its own step between the model and the user. A model's words are held back until
/// a sentence (or a couple of hundred characters) is complete and released only if the answer so far passes the local
/// rules (cheap regular expressions, so every sentence); once one fails, nothing more is released and the user sees a
/// notice instead. When the answer ends, every moderator (the remote one too) checks it whole, and anything flagged
/// goes to the moderators' queue. Text the local responder writes comes from the knowledge base itself and passes as is.
/// </summary>
public sealed class OutputModeration(ModerationService moderation, IContentModerator rules, ModerationContext context)
{
    public const string WithheldNotice = " [The rest of this answer was withheld by moderation.]";

    private const int MaxHeldCharacters = 200;

    private readonly StringBuilder _modelOutput = new();
    private int _released;
    private ModerationVerdict? _withheld;

    /// <summary>The rules stopped the answer: nothing more will be released.</summary>
    public bool Blocked => _withheld is not null;

    /// <summary>Adds a piece of the answer; returns the text that may be shown now (empty while a sentence is incomplete).</summary>
    public async Task<string> OfferAsync(string delta, bool fromModel, CancellationToken cancellationToken)
    {
        if (!fromModel || Blocked || delta.Length == 0)
        {
            return Blocked ? "" : delta;
        }

        _modelOutput.Append(delta);
        var held = _modelOutput.Length - _released;
        var endsSentence = delta.AsSpan().IndexOfAny(".!?\n") >= 0;
        return endsSentence || held >= MaxHeldCharacters ? await ReleaseAsync(cancellationToken) : "";
    }

    /// <summary>Releases whatever is still held once the model has finished.</summary>
    public Task<string> FlushAsync(CancellationToken cancellationToken) =>
        Blocked || _released == _modelOutput.Length ? Task.FromResult("") : ReleaseAsync(cancellationToken);

    /// <summary>
    /// The verdict on the whole answer, and the answer to store: a model's text that a moderator blocks is withheld.
    /// Not cancellable: once the answer has ended, its verdict is always recorded.
    /// </summary>
    public async Task<(string Answer, ModerationVerdict Verdict)> FinishAsync(string answer, bool fromModel)
    {
        var outputContext = context with { Source = ModerationContext.Output };
        if (_withheld is { } withheld)
        {
            await moderation.QueueAsync(_modelOutput.ToString(), withheld, outputContext, CancellationToken.None);
            return (answer, withheld);
        }

        if (answer.Length == 0 || !fromModel)
        {
            return (answer, ModerationVerdict.Clean(LocalRulesModerator.ProviderName));
        }

        var verdict = await moderation.CheckAndQueueAsync(answer, outputContext, CancellationToken.None);
        return (verdict.Blocked ? WithheldNotice.Trim() : answer, verdict);
    }

    private async Task<string> ReleaseAsync(CancellationToken cancellationToken)
    {
        var verdict = await rules.CheckAsync(_modelOutput.ToString(), cancellationToken);
        if (verdict.Blocked)
        {
            _withheld = verdict;
            return WithheldNotice;
        }

        var text = _modelOutput.ToString(_released, _modelOutput.Length - _released);
        _released = _modelOutput.Length;
        return text;
    }
}
