using System.Globalization;
using System.Text.RegularExpressions;

namespace Briefer.Core.Retrieval;

/// <summary>
/// Reads a "since" filter as users type it: a span back from today (<c>7d</c>, <c>2w</c>, <c>3m</c>, <c>1y</c>)
/// or a date (<c>2026-01-09</c>). Shared by the CLI's <c>--since</c> and Discord's <c>since:</c> option.
/// </summary>
public static partial class SinceParser
{
    /// <summary>The form the error message suggests.</summary>
    public const string Help = "Use a span back from today such as 7d, 2w, 3m or 1y, or a date such as 2026-01-09.";

    public static bool TryParse(string? text, DateOnly today, out DateOnly since, out string? error)
    {
        since = default;
        error = null;
        var value = text?.Trim() ?? string.Empty;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out since))
        {
            return true;
        }

        var match = SpanPattern().Match(value);
        if (match.Success && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 36500)
        {
            since = match.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "d" => today.AddDays(-n),
                "w" => today.AddDays(-7 * n),
                "m" => today.AddMonths(-Math.Min(n, 1200)),
                _ => today.AddYears(-Math.Min(n, 100)),
            };
            return true;
        }

        error = $"'{value}' is not a valid 'since'. {Help}";
        return false;
    }

    [GeneratedRegex("^(?<n>[0-9]{1,5})\\s*(?<unit>[dwmyDWMY])$")]
    private static partial Regex SpanPattern();
}
