namespace ChatBot.Core.Moderation;

/// <summary>
/// What moderation decided: <see cref="Blocked"/> content is refused (422), <see cref="Flagged"/> content goes on, but
/// into the moderators' queue. Categories use dotted names (e.g. <c>pii.card_number</c>, <c>prompt_injection</c>).
/// </summary>
public sealed record ModerationVerdict(bool Flagged, bool Blocked, IReadOnlyList<string> Categories, string Provider)
{
    public static ModerationVerdict Clean(string provider) => new(false, false, [], provider);

    /// <summary>Both verdicts together; a blocking verdict's categories come first, so they name the refusal.</summary>
    public static ModerationVerdict Combine(ModerationVerdict a, ModerationVerdict b)
    {
        var (first, second) = b.Blocked && !a.Blocked ? (b, a) : (a, b);
        return new ModerationVerdict(
            a.Flagged || b.Flagged,
            a.Blocked || b.Blocked,
            [.. first.Categories.Concat(second.Categories).Distinct()],
            a.Provider == b.Provider ? a.Provider : $"{a.Provider}+{b.Provider}");
    }

    /// <summary>The category to report when refusing: moderators list blocking categories before flagging-only ones.</summary>
    public string? ReasonCategory => Categories.Count > 0 ? Categories[0] : null;
}
