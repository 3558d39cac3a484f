using Briefer.Core.Chunking;

namespace Briefer.Core.Answering;

/// <summary>
/// Cuts a run-on "sentence" (a text without sentence punctuation: a log pasted as prose, a page extracted without
/// stops) into pieces a reader can take as a quote, so an answer never quotes a thousand words whole. Sentences of up to
/// <see cref="MaxWords"/> words, every real one, are left as they are.
/// </summary>
internal static class RunOnSentences
{
    /// <summary>A sentence longer than this is cut.</summary>
    public const int MaxWords = 120;

    /// <summary>The longest piece a cut sentence is cut into.</summary>
    public const int PieceWords = 60;

    /// <summary>
    /// <paramref name="ranges"/> (sentences of <paramref name="text"/>) with each one longer than <see cref="MaxWords"/>
    /// words cut into consecutive pieces of at most <see cref="PieceWords"/> words, each ending after a comma, semicolon
    /// or colon in its second half where there is one, else at a word boundary.
    /// </summary>
    public static IReadOnlyList<TextRange> Cut(string text, IReadOnlyList<TextRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ranges);
        List<TextRange>? result = null;
        for (var i = 0; i < ranges.Count; i++)
        {
            var words = WordEnds(text, ranges[i]);
            if (words.Count <= MaxWords)
            {
                result?.Add(ranges[i]);
                continue;
            }

            result ??= [.. ranges.Take(i)];
            var start = ranges[i].Start;
            var first = 0;
            while (first < words.Count)
            {
                var last = Math.Min(first + PieceWords, words.Count) - 1;
                if (last < words.Count - 1)
                {
                    for (var w = last; w >= first + (PieceWords / 2); w--)
                    {
                        if (text[words[w] - 1] is ',' or ';' or ':')
                        {
                            last = w;
                            break;
                        }
                    }
                }

                var end = last == words.Count - 1 ? ranges[i].End : words[last];
                result.Add(new TextRange(start, end));
                first = last + 1;
                start = end;
                while (start < ranges[i].End && char.IsWhiteSpace(text[start]))
                {
                    start++;
                }
            }
        }

        return result ?? ranges;
    }

    /// <summary>Where each word of the range ends (exclusive offsets into <paramref name="text"/>).</summary>
    private static List<int> WordEnds(string text, TextRange range)
    {
        var ends = new List<int>();
        for (var at = range.Start; at < range.End; at++)
        {
            if (!char.IsWhiteSpace(text[at]) && (at + 1 == range.End || char.IsWhiteSpace(text[at + 1])))
            {
                ends.Add(at + 1);
            }
        }

        return ends;
    }
}
