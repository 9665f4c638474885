using System.Text;

namespace ChatBot.Core.Knowledge;

public static class Slugs
{
    /// <summary>"Billing &amp; Payments" → "billing-payments".</summary>
    public static string From(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "category" : slug[..Math.Min(slug.Length, 200)];
    }
}
