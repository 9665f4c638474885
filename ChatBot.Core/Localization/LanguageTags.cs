using System.Text.RegularExpressions;

namespace ChatBot.Core.Localization;

/// <summary>A pragmatic BCP 47 check: a 2-3 letter language and optional subtags (<c>en</c>, <c>pt-BR</c>, <c>zh-Hant</c>).</summary>
public static partial class LanguageTags
{
    /// <summary>Every language column is 16 characters wide.</summary>
    public const int MaxLength = 16;

    public static bool IsValid(string? tag) => tag is { Length: <= MaxLength } && Pattern().IsMatch(tag);

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    private static partial Regex Pattern();
}
