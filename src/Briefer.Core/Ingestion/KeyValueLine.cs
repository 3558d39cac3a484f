using System.Text.RegularExpressions;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Recognises the short <c>key: value</c> lines documentation states facts in: "Default: 512", "Type: string",
/// "Since: v2.3", "Environment variable: APP_PORT". The key is one to four words starting with a letter, the value at
/// most <see cref="MaxValueWords"/> words; a URL ("https://…"), a clock time ("10:30") or a sentence that merely contains
/// a colon is not one.
/// </summary>
internal static partial class KeyValueLine
{
    private const int MaxValueWords = 10;
    private const int MaxLength = 120;

    /// <summary>Whether <paramref name="line"/> (normalised, one line) is a key–value line.</summary>
    public static bool Is(ReadOnlySpan<char> line)
    {
        if (line.Length is < 3 or > MaxLength)
        {
            return false;
        }

        var text = line.ToString();
        var match = Shape().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var value = match.Groups["value"].Value;
        return value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxValueWords && !value.StartsWith("//", StringComparison.Ordinal);
    }

    /// <summary>Whether every non-empty line of <paramref name="text"/> is a key–value line.</summary>
    public static bool AllLines(string text)
    {
        var any = false;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty)
            {
                continue;
            }

            if (!Is(line))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    // Key: a letter, then up to three more words of letters, digits and identifier punctuation; then ": " and a value.
    [GeneratedRegex(@"^(?<key>\p{L}[\p{L}\p{N}_.\-/()`]*(?: [\p{L}\p{N}_.\-/()`]+){0,3}) ?: +(?<value>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
