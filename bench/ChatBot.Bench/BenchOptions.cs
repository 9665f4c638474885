using System.Globalization;

namespace ChatBot.Bench;

/// <summary>Command lines made of <c>--name value</c> pairs, applied one pair at a time to a record of defaults.</summary>
public static class BenchOptions
{
    /// <param name="apply">The arguments with one option applied, or null when the name or its value is not accepted.</param>
    public static T? Parse<T>(IReadOnlyList<string> args, T defaults, Func<T, string, string, T?> apply) where T : class
    {
        var result = defaults;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || apply(result, args[i], args[i + 1]) is not { } applied)
            {
                return null;
            }

            result = applied;
        }

        return result;
    }

    /// <summary>A whole number of at least one, or null.</summary>
    public static int? Positive(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 ? number : null;
}
