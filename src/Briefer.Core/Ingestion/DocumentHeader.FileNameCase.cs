using System.Text.RegularExpressions;

namespace Briefer.Core.Ingestion;

/// <summary>
/// The case of a file-name title's words, taken from the document itself: file names are usually written in lowercase
/// ("us-calls-off-second-strike.txt"), and only the text knows that "us" is "U.S." and "venezuela" is "Venezuela".
/// </summary>
internal static partial class DocumentHeader
{
    /// <summary>How much of the text is read for the words' case: the opening of a document uses its title's words.</summary>
    private const int CaseSampleLength = 100_000;

    /// <summary>
    /// Each all-lowercase word written as the text mostly writes it, counting only prose (lines with lowercase letters
    /// that end like a sentence, so ALL-CAPS banners and Title Case headings do not count): "US" when the text says
    /// "U.S." or "US", "Venezuela" when it capitalises the word mid-sentence, "iPhone" as written. A capital at the start
    /// of a sentence says nothing and is not counted; a tie keeps the word lowercase. Words the file name already
    /// capitalises are left as they are.
    /// </summary>
    internal static string[] CaseFromText(IReadOnlyList<string> words, string text)
    {
        var prose = text.Length > CaseSampleLength ? text[..CaseSampleLength] : text;
        var lines = prose.Split('\n').Where(IsProseLine).ToList();
        var result = new string[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            result[i] = word.Length > 0 && word.Any(char.IsLetter) && !word.Any(char.IsUpper) ? MostCommonForm(word, lines) : word;
        }

        return result;
    }

    private static string MostCommonForm(string word, List<string> lines)
    {
        var pattern = new Regex(
            @"(?<![\p{L}\p{N}])(?:" + Regex.Escape(word) + DottedForm(word) + @")(?![\p{L}\p{N}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { [word] = 0 };
        var firstSeen = new List<string> { word };
        foreach (var line in lines)
        {
            foreach (Match match in pattern.Matches(line))
            {
                if (FormOf(word, match.Value, line, match.Index) is { } form)
                {
                    if (counts.TryAdd(form, 1))
                    {
                        firstSeen.Add(form);
                    }
                    else
                    {
                        counts[form]++;
                    }
                }
            }
        }

        // Most frequent; on a tie the plain lowercase word, then the form seen first.
        return firstSeen.OrderByDescending(f => counts[f]).ThenBy(f => f == word ? 0 : 1).ThenBy(firstSeen.IndexOf).First();
    }

    /// <summary>The form an occurrence stands for, or null when it says nothing about the word's case.</summary>
    private static string? FormOf(string word, string occurrence, string line, int index)
    {
        if (occurrence.Contains('.', StringComparison.Ordinal) || (occurrence.Length > 1 && occurrence.All(c => !char.IsLetter(c) || char.IsUpper(c))))
        {
            return word.ToUpperInvariant(); // "U.S." or "NATO": an acronym.
        }

        if (!occurrence.Any(char.IsUpper))
        {
            return word;
        }

        if (char.IsUpper(occurrence[0]) && !occurrence.Skip(1).Any(char.IsUpper))
        {
            // "Venezuela" counts mid-sentence only: after a word or a comma, not at the start of a line or sentence.
            var before = line.AsSpan(0, index).TrimEnd();
            return before.Length > 0 && (char.IsLetterOrDigit(before[^1]) || before[^1] == ',') ? occurrence : null;
        }

        return occurrence; // "iPhone", "McKinsey": as written.
    }

    /// <summary>"u\.s\.?" for a short word, so "U.S." counts as "us"; empty for longer words.</summary>
    private static string DottedForm(string word) =>
        word.Length is >= 2 and <= 4 && word.All(char.IsAsciiLetter)
            ? "|" + string.Join(@"\.", word.Select(c => c.ToString())) + @"\.?"
            : string.Empty;

    /// <summary>A line of prose: it has lowercase letters and ends like a sentence (closing quotes and brackets aside).</summary>
    private static bool IsProseLine(string line)
    {
        var trimmed = line.AsSpan().TrimEnd().TrimEnd("\"'”’)]");
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or ';' or ':' && line.Any(char.IsLower);
    }
}
