using System.Globalization;
using ChatBot.Core.Analytics;

namespace ChatBot.Api.Analytics;

/// <summary>
/// The <c>from</c>/<c>to</c> (and <c>granularity</c>) query of the analytics routes: UTC days, both included, as
/// <c>yyyy-MM-dd</c> or an ISO 8601 date-time. Defaults to the last 30 days; at most <see cref="MaxDays"/> days.
/// </summary>
public sealed record AnalyticsRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;
    public const int DefaultDays = 30;

    /// <summary>Days outside this window are refused: nothing was stored before it, and far dates overflow date arithmetic.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The range, or the field errors that make it a 400.</summary>
    public static (AnalyticsRange? Range, Dictionary<string, string[]> Errors) Parse(string? from, string? to, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        var latest = today.AddYears(1);
        var end = ParseDay(to, "to", errors, latest) ?? today;
        var start = ParseDay(from, "from", errors, latest) ?? Later(end.AddDays(-(DefaultDays - 1)), Earliest);
        if (errors.Count == 0 && start > end)
        {
            errors["from"] = ["'from' must not be after 'to'."];
        }
        else if (errors.Count == 0 && end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            errors["from"] = [$"A range covers at most {MaxDays} days."];
        }

        return errors.Count == 0 ? (new AnalyticsRange(start, end), errors) : (null, errors);
    }

    public static TrendGranularity? ParseGranularity(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "day" => TrendGranularity.Day,
        "week" => TrendGranularity.Week,
        _ => null,
    };

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly? ParseDay(string? value, string field, Dictionary<string, string[]> errors, DateOnly latest)
    {
        var day = ParseDay(value, field, errors);
        if (day is { } parsed && (parsed < Earliest || parsed > latest))
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"'{field}' must be between {Earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd}.")];
            return null;
        }

        return day;
    }

    private static DateOnly? ParseDay(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) && value.Contains('T'))
        {
            return DateOnly.FromDateTime(moment.UtcDateTime);
        }

        errors[field] = [$"'{field}' must be a date such as 2026-11-30 (or an ISO 8601 date-time)."];
        return null;
    }
}
