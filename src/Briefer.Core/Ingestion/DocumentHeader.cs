using System.Text.RegularExpressions;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Title and date conventions shared by the plain-text and Markdown extractors: the first short line is the
/// title, and a date counts only on a line of its own near the top ("Date: 2026-01-09", "Friday, January 9,
/// 2026") or at the very end of the title ("Minutes of the meeting of 20 January 2026"), never when it
/// appears inside a sentence of the body.
/// </summary>
internal static partial class DocumentHeader
{
    /// <summary>Longer first lines are an opening paragraph, not a title.</summary>
    public const int MaxTitleLength = 150;

    /// <summary>How many non-empty lines from the top may hold the date line.</summary>
    public const int DateLineWindow = 8;

    /// <summary>
    /// The title of last resort: the file name without its extension, hyphens and underscores read as spaces
    /// (except between digits, so "2026-01-09" stays a date), each all-lowercase word written as the document's own
    /// text writes it (<see cref="CaseFromText"/>: "us" becomes "US" in a text that says "U.S."), and the first letter
    /// capitalised when the first word has no capital. Words the file name already capitalises keep their case:
    /// "Q3_report_FINAL" gives "Q3 report FINAL".
    /// </summary>
    /// <param name="fileName">The document's file name.</param>
    /// <param name="text">The document's text, which the words' case is taken from; null to leave the words as they are.</param>
    public static string TitleFromFileName(string fileName, string? text = null)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        if (string.IsNullOrWhiteSpace(name))
        {
            return fileName;
        }

        var spaced = Spaces().Replace(WordSeparator().Replace(name, " "), " ").Trim();
        if (spaced.Length == 0)
        {
            return name.Trim();
        }

        var words = spaced.Split(' ');
        if (!string.IsNullOrEmpty(text))
        {
            words = CaseFromText(words, text);
        }

        spaced = string.Join(' ', words);
        return words[0].Any(char.IsLetter) && !words[0].Any(char.IsUpper)
            ? string.Concat(spaced[..1].ToUpperInvariant(), spaced.AsSpan(1))
            : spaced;
    }

    /// <summary>
    /// The title a memo or e-mail gives itself in a "Subject:", "Re:" or "Title:" line among the top
    /// <see cref="DateLineWindow"/> non-empty lines: better than a first line such as "MEMORANDUM".
    /// </summary>
    public static string? FindSubjectLine(IEnumerable<string> lines)
    {
        foreach (var line in lines.Where(l => !string.IsNullOrWhiteSpace(l)).Take(DateLineWindow))
        {
            var match = SubjectLabel().Match(line.Trim());
            if (match.Success && AsTitle(match.Groups["value"].Value) is { } title)
            {
                return title;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="line"/> is the document's title line: the title itself, or it after a "Title:",
    /// "Subject:" or "Re:" label (a plain-text header the title was read from, not evidence).
    /// </summary>
    public static bool IsTitleLine(string line, string title)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(title);
        var trimmed = line.Trim();
        var value = SubjectLabel().Match(trimmed) is { Success: true } labelled ? labelled.Groups["value"].Value.Trim() : trimmed;
        return string.Equals(value, title.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The line, with a leading "Title:" label removed, if it is short enough to be a title.</summary>
    public static string? AsTitle(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        var title = TitleLabel().Replace(line.Trim(), string.Empty).Trim();
        return title.Length is > 0 and <= MaxTitleLength ? title : null;
    }

    /// <summary>The date from the first explicit date line among the top <see cref="DateLineWindow"/> non-empty lines.</summary>
    public static DateOnly? FindDateLine(IEnumerable<string> lines)
    {
        foreach (var line in lines.Where(l => !string.IsNullOrWhiteSpace(l)).Take(DateLineWindow))
        {
            if (TryParseDateLine(line, out var date))
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>
    /// The date a title (or subject) line ends with: "Minutes of the meeting of 20 January 2026",
    /// "Board minutes (Tuesday, January 20, 2026)", "Board minutes – 2026-01-20". The date must be complete
    /// (day, month, year) and the very end of the line; a line ending in a full stop is a sentence of prose,
    /// not a title, and gives nothing.
    /// </summary>
    public static DateOnly? DateAtEndOfTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        var match = TrailingDate().Match(title.Trim());
        return match.Success && PublishedDateParser.TryParse(match.Groups["date"].Value, out var date) ? date : null;
    }

    /// <summary>Whether the whole line is a date, labelled ("Published: …") or not.</summary>
    public static bool IsDateLine(string line) => TryParseDateLine(line, out _);

    private static bool TryParseDateLine(string line, out DateOnly date)
    {
        var trimmed = line.Trim();
        var labelled = DateLabel().Match(trimmed);
        return PublishedDateParser.TryParse(labelled.Success ? labelled.Groups["value"].Value : trimmed, out date);
    }

    [GeneratedRegex(@"^title\s*:\s*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TitleLabel();

    // "Re: Fwd: Subject" labels may repeat; the value is what follows the last of them.
    [GeneratedRegex(@"^(?:(?:subject|subj|title|re|fwd?)\s*:\s*)+(?<value>\S.*)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SubjectLabel();

    // Day-month-year, month-day-year or ISO, after a word boundary and before an optional closing bracket.
    [GeneratedRegex(
        @"(?:^|[\s,(\[])(?<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2})\s*[)\]]?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TrailingDate();

    [GeneratedRegex(@"(?<!\d)[-_]+|[-_]+(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex WordSeparator();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(
        @"^(?:date|dated|published(?:\s+on)?|posted(?:\s+on)?|first\s+published|publication\s+date|date\s+published|pubdate)\s*[:\-–—]?\s*(?<value>.+)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DateLabel();
}
