using System.Globalization;
using System.Text.RegularExpressions;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Reads a publication date written as a whole value ("2026-01-09", "2026-01-09T14:30:00Z", "January 9, 2026",
/// "Fri, 9 Jan. 2026", "9th January 2026"). Purely numeric day/month orders other than ISO are refused,
/// because 01/09/2026 means different days on either side of the Atlantic.
/// </summary>
internal static partial class PublishedDateParser
{
    private static readonly string[] Formats =
    [
        "yyyy-M-d", "yyyy/M/d", "yyyy M d",
        "d MMMM yyyy", "d MMM yyyy", "MMMM d yyyy", "MMM d yyyy", "MMMM yyyy d",
        "yyyy MMMM d", "yyyy MMM d",
    ];

    /// <summary>Parses <paramref name="value"/> when all of it is a date (a weekday and a time of day may come with it).</summary>
    public static bool TryParse(string? value, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var trimmed = value.Trim();
        var iso = IsoPrefix().Match(trimmed);
        if (iso.Success)
        {
            return DateOnly.TryParseExact(iso.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        }

        var cleaned = TimeSuffix().Replace(trimmed, string.Empty);
        cleaned = Weekday().Replace(cleaned, string.Empty);
        cleaned = Ordinal().Replace(cleaned, "$1");
        cleaned = Punctuation().Replace(cleaned, " ");
        cleaned = Spaces().Replace(cleaned, " ").Trim();
        if (cleaned.Length == 0)
        {
            return false;
        }

        // "Sept" is common in news copy but unknown to .NET's month abbreviations.
        cleaned = Sept().Replace(cleaned, "Sep");
        return DateOnly.TryParseExact(cleaned, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out date);
    }

    // "2026-01-09", alone or followed by a time ("T14:30:00Z", " 14:30"), but not by prose.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?=$|T\d|\s+\d{1,2}:\d{2})", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPrefix();

    [GeneratedRegex(@"(?:\s*(?:,|at|-|–)?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}|UTC[+-]?\d*|GMT[+-]?\d*|[+-]\d{2}:?\d{2}|Z)?)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TimeSuffix();

    [GeneratedRegex(@"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\b(\d{1,2})(?:st|nd|rd|th)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"[.,]", RegexOptions.CultureInvariant)]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\bSept\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Sept();
}
