using System.Globalization;

namespace ChatBot.Web.Components.Admin;

/// <summary>How the analytics pages write their figures: invariant digits, a dash where there is nothing to measure.</summary>
public static class AnalyticsFormat
{
    public const string None = "—";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Fraction(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? None;

    public static string Percent(double? share) => share is { } value ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : None;

    public static string Milliseconds(int? value) => value is { } ms ? $"{ms.ToString("N0", CultureInfo.InvariantCulture)} ms" : None;

    public static string Duration(double? seconds) => seconds switch
    {
        null => None,
        < 60 => $"{seconds.Value.ToString("0", CultureInfo.InvariantCulture)} s",
        < 3600 => $"{(seconds.Value / 60).ToString("0.#", CultureInfo.InvariantCulture)} min",
        _ => $"{(seconds.Value / 3600).ToString("0.#", CultureInfo.InvariantCulture)} h",
    };

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Period(DateOnly from, DateOnly to) => from == to ? Day(from) : $"{Day(from)} – {Day(to)}";
}
