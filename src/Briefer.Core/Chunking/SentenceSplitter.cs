using System.Collections.Frozen;

namespace Briefer.Core.Chunking;

/// <summary>
/// Splits normalised text (see <see cref="Ingestion.TextNormalizer"/>) into sentences.
/// Line breaks are hard boundaries, so headings, list items and table rows are sentences of their own;
/// within a line a sentence ends at <c>. ? ! …</c> (plus any closing quotes or brackets) followed by a space,
/// unless the word before the full stop is an abbreviation or an initial, or the next word starts in lower case.
/// </summary>
public static class SentenceSplitter
{
    // Abbreviations that are practically never the last word of a sentence: never split after them.
    private static readonly FrozenSet<string> NonTerminalAbbreviations = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "mt.", "vs.", "v.", "e.g.", "i.e.", "cf.", "al.",
        "u.s.", "u.k.", "u.n.", "e.u.",
        "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
        "gen.", "sen.", "rep.", "gov.", "lt.", "col.", "capt.", "cmdr.", "adm.", "maj.", "sgt.", "rev.", "hon.", "pres.",
        "fig.", "approx.", "dept.", "vol.", "ave.", "ft.");

    // Abbreviations that often end a sentence too ("… and so on, etc. The next …"): split only before a capital.
    private static readonly FrozenSet<string> FinalCapableAbbreviations = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "etc.", "a.m.", "p.m.", "inc.", "ltd.", "co.", "corp.", "jr.", "sr.", "bros.", "llc.");

    // Abbreviations only when a number follows ("No. 10", "pp. 4-5"); "I said no. Then …" still splits.
    private static readonly FrozenSet<string> NumberAbbreviations = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "no.", "nos.", "p.", "pp.", "art.", "sec.", "ch.");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NonTerminalLookup =
        NonTerminalAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> FinalCapableLookup =
        FinalCapableAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NumberLookup =
        NumberAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Returns the sentences of <paramref name="text"/> in order, as ranges with surrounding whitespace excluded.</summary>
    public static IReadOnlyList<TextRange> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<TextRange>();
        var lineStart = 0;

        while (lineStart <= text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            SplitLine(text, lineStart, lineEnd, sentences);
            if (newline < 0)
            {
                break;
            }

            lineStart = newline + 1;
        }

        return sentences;
    }

    private static void SplitLine(string text, int lineStart, int lineEnd, List<TextRange> sentences)
    {
        var sentenceStart = lineStart;
        var i = lineStart;

        while (i < lineEnd)
        {
            if (!IsTerminator(text[i]))
            {
                i++;
                continue;
            }

            var terminatorStart = i;
            while (i < lineEnd && IsTerminator(text[i]))
            {
                i++;
            }

            var terminatorEnd = i;

            while (i < lineEnd && IsCloser(text[i]))
            {
                i++;
            }

            // A terminator glued to the next character ("3.5", "U.S.", "v1.2.3", "example.com") ends nothing.
            if (i < lineEnd && !char.IsWhiteSpace(text[i]))
            {
                continue;
            }

            if (!IsListMarker(text.AsSpan(sentenceStart, terminatorEnd - sentenceStart).Trim())
                && EndsSentence(text, lineStart, terminatorStart, terminatorEnd, i, lineEnd))
            {
                AddTrimmed(text, sentenceStart, i, sentences);
                sentenceStart = i;
            }
        }

        AddTrimmed(text, sentenceStart, lineEnd, sentences);
    }

    private static bool EndsSentence(string text, int lineStart, int terminatorStart, int terminatorEnd, int afterClosers, int lineEnd)
    {
        var next = afterClosers;
        while (next < lineEnd && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        if (next >= lineEnd)
        {
            return true;
        }

        // "Wait... what?", "\"Stop!\" she said", "etc. and more": a lower-case word continues the sentence.
        var nextChar = text[next];
        if (char.IsLower(nextChar))
        {
            return false;
        }

        if (terminatorEnd - terminatorStart != 1 || text[terminatorStart] != '.')
        {
            return true;
        }

        var word = WordBefore(text, lineStart, terminatorEnd);
        if (word.Length == 0)
        {
            return true;
        }

        if (NonTerminalLookup.Contains(word))
        {
            return false;
        }

        if (FinalCapableLookup.Contains(word))
        {
            return char.IsUpper(nextChar);
        }

        if (NumberLookup.Contains(word))
        {
            return !char.IsDigit(nextChar);
        }

        // An initial ("J. R. R. Tolkien") or a dotted acronym ("U.S.A.", "Ph.D.") does not end the sentence.
        return !IsInitialOrAcronym(word);
    }

    /// <summary>
    /// "1.", "a.", "iv." or "12)" opening a line of a plain-text list: part of the item, not a sentence.
    /// </summary>
    private static bool IsListMarker(ReadOnlySpan<char> candidate)
    {
        if (candidate.Length is < 2 or > 5 || candidate[^1] != '.')
        {
            return false;
        }

        var body = candidate[..^1];
        if (body.Length == 1 && char.IsLetter(body[0]))
        {
            return true;
        }

        var allDigits = true;
        var allRoman = true;
        foreach (var c in body)
        {
            allDigits &= char.IsAsciiDigit(c);
            allRoman &= c is 'i' or 'v' or 'x' or 'I' or 'V' or 'X';
        }

        return allDigits || allRoman;
    }

    /// <summary>The word ending at <paramref name="end"/> (the full stop included), without opening quotes or brackets.</summary>
    private static ReadOnlySpan<char> WordBefore(string text, int lineStart, int end)
    {
        var start = end;
        while (start > lineStart && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        while (start < end && IsOpener(text[start]))
        {
            start++;
        }

        return text.AsSpan(start, end - start);
    }

    private static bool IsInitialOrAcronym(ReadOnlySpan<char> word)
    {
        // Single capital initial: "J." ("I." is far more often the pronoun ending a sentence).
        if (word.Length == 2)
        {
            return char.IsUpper(word[0]) && word[0] != 'I';
        }

        // Short letter groups joined by dots: "U.S.A.", "e.g.", "Ph.D.".
        var letters = 0;
        for (var k = 0; k < word.Length; k++)
        {
            if (word[k] == '.')
            {
                if (k == 0 || word[k - 1] == '.')
                {
                    return false;
                }

                continue;
            }

            if (!char.IsLetter(word[k]))
            {
                return false;
            }

            letters++;
        }

        return letters <= 2 * (word.Length - letters) && word[..^1].Contains('.');
    }

    private static void AddTrimmed(string text, int start, int end, List<TextRange> sentences)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            sentences.Add(new TextRange(start, end));
        }
    }

    private static bool IsTerminator(char c) => c is '.' or '?' or '!' or '…' or '‽';

    private static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or '»' or '›' or ')' or ']' or '}';

    private static bool IsOpener(char c) => c is '"' or '\'' or '“' or '‘' or '«' or '‹' or '(' or '[' or '{';
}
