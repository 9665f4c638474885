namespace ChatBot.Core.Data;

public static class LikePatterns
{
    /// <summary>A LIKE/ILIKE pattern matching <paramref name="text"/> anywhere, with its wildcards escaped by '\'.</summary>
    public static string Containing(string text) => "%" + Exactly(text) + "%";

    /// <summary>A LIKE/ILIKE pattern matching <paramref name="text"/> only (ILIKE: in any case), wildcards escaped by '\'.</summary>
    public static string Exactly(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
