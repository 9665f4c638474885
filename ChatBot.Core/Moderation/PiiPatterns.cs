using System.Text.RegularExpressions;

namespace ChatBot.Core.Moderation;

/// <summary>Finds and masks the personal data people most often paste into a chat.</summary>
public static partial class PiiPatterns
{
    public static bool ContainsCardNumber(string text) => CardCandidate().Matches(text).Any(m => PassesLuhn(m.Value));

    public static bool ContainsEmail(string text) => Email().IsMatch(text);

    public static bool ContainsPhoneNumber(string text) => Phone().IsMatch(text);

    /// <summary>Replaces card numbers, emails and phone numbers, so queued content does not keep them.</summary>
    public static string Mask(string text)
    {
        text = CardCandidate().Replace(text, m => PassesLuhn(m.Value) ? "[card number]" : m.Value);
        text = Email().Replace(text, "[email]");
        return Phone().Replace(text, "[phone]");
    }

    /// <summary>The checksum every payment card number satisfies; random digit runs mostly do not.</summary>
    public static bool PassesLuhn(string candidate)
    {
        var digits = candidate.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i];
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(@"\b(?:\d[ -]?){12,18}\d\b")]
    private static partial Regex CardCandidate();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")]
    private static partial Regex Email();

    /// <summary>International numbers (+44 20 7946 0958) and the North American (555) 123-4567 form: few false alarms on order numbers.</summary>
    [GeneratedRegex(@"(?<![\w+])\+\d{1,3}[ .-]?(?:\(?\d{1,4}\)?[ .-]?){2,4}\d{2,4}(?!\w)|\(\d{3}\) ?\d{3}-\d{4}\b")]
    private static partial Regex Phone();
}
