using System.Globalization;
using System.Text;

namespace ChatBot.Core.Learning;

/// <summary>
/// A question reduced to its words: lower case, letters and digits only, single spaces. "How do I reset my PIN?" and
/// "how do i reset my pin" share a key, so they count as one phrasing, confirmed by however many users asked it.
/// </summary>
public static class PhrasingKey
{
    public static string Of(string text)
    {
        var key = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && key.Length > 0)
                {
                    key.Append(' ');
                }

                key.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return key.ToString();
    }
}
