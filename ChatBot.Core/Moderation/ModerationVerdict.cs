namespace ChatBot.Core.Moderation;

/// <summary>
/// What moderation decided: <see cref="Blocked"/> content is refused (422), <see cref="Flagged"/> content goes on, but
/// into the moderators' queue. Categories use dotted names (e.g. <c>pii.card_number</c>, <c>prompt_injection</c>).
/// </summary>
public sealed record ModerationVerdict(bool Flagged, bool Blocked, IReadOnlyList<string> Categories, string Provider)
{
    public static ModerationVerdict Clean(string provider) => new(false, false, [], provider);

    public static ModerationVerdict Combine(ModerationVerdict a, ModerationVerdict b) => new(
        a.Flagged || b.Flagged,
        a.Blocked || b.Blocked,
        [.. a.Categories.Concat(b.Categories).Distinct()],
        a.Provider == b.Provider ? a.Provider : $"{a.Provider}+{b.Provider}");

    /// <summary>The category to report when refusing: the first blocking one.</summary>
    public string? ReasonCategory => Categories.Count > 0 ? Categories[0] : null;
}
