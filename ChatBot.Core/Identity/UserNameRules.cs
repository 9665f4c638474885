using System.Text.RegularExpressions;

namespace ChatBot.Core.Identity;

/// <summary>What a user name may look like: 3-32 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
public static partial class UserNameRules
{
    public const string AllowedCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    public const int MinLength = 3;
    public const int MaxLength = 32;

    public static bool IsValid(string? userName) => userName is not null && Pattern().IsMatch(userName);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$")]
    private static partial Regex Pattern();
}
