using System.Text.RegularExpressions;
using Briefer.Core.Chunking;
using Briefer.Core.Documents;

namespace Briefer.Core.Answering;

/// <summary>One answer unit of a chunk before it becomes a <see cref="SentenceCandidate"/>; offsets into the chunk's text.</summary>
/// <param name="CodeStart">For code joined to its lead-in, where the code starts in the unit's text; else 0.</param>
internal sealed record UnitSpec(
    int Start,
    int End,
    BlockKind Kind,
    bool Quotable,
    IReadOnlyList<string> Terms,
    string HeadingPath,
    string? Context,
    IReadOnlySet<string> ContextTerms,
    string DisplayText,
    int CodeStart = 0);

/// <summary>
/// Cuts a chunk's lines (<see cref="UnitLayout"/>) into answer units: prose and list items into sentences, a table row
/// whole (with its header as context), a key–value line whole (with its heading), a short code block whole (with the
/// sentence introducing it) and a long one statement by statement (each line with the comment lines above it); a
/// lead-in ending in a colon is then joined to the code it introduces.
/// </summary>
internal static partial class UnitBuilder
{
    /// <summary>A code block up to this many lines is one unit; a longer one (a configuration reference) is cut by statement.</summary>
    private const int WholeCodeLines = 6;

    /// <summary>The units of <paramref name="chunk"/> in order, a lead-in joined to the code it introduces (<see cref="LeadInJoiner"/>).</summary>
    public static IEnumerable<UnitSpec> Units(Retrieval.RetrievedChunk chunk) => LeadInJoiner.Join(Separate(chunk), chunk.Text);

    private static IEnumerable<UnitSpec> Separate(Retrieval.RetrievedChunk chunk)
    {
        var text = chunk.Text;
        var lines = UnitLayout.Lines(chunk);
        var headingTerms = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        string? intro = null;
        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            var lineText = text[line.Start..line.End];
            var heading = HeadingTerms(line.HeadingPath);
            switch (line.Kind)
            {
                case BlockKind.Heading:
                    intro = null;
                    yield return new UnitSpec(line.Start, line.End, line.Kind, false, AnswerTerms.Analyze(lineText), line.HeadingPath, line.Context, Set(heading), lineText);
                    i++;
                    break;

                case BlockKind.TableRow:
                {
                    var header = line.Context;
                    var isHeader = header is not null ? SameRow(lineText, header) : IsHeaderOfRowsAfter(lines, i, lineText);
                    var display = header is null || isHeader ? lineText : WithHeader(lineText, header);
                    var own = AnswerTerms.Analyze(lineText);
                    IReadOnlyList<string> terms = header is null ? own : [.. AnswerTerms.Analyze(header), .. own];
                    yield return new UnitSpec(line.Start, line.End, line.Kind, !isHeader && Quotable(lineText, chunk.Title, line.Kind), terms, line.HeadingPath, header, Set(heading, header is null ? [] : AnswerTerms.Analyze(header)), display);
                    i++;
                    break;
                }

                case BlockKind.KeyValue:
                {
                    var key = LastStep(line.HeadingPath);
                    var own = AnswerTerms.Analyze(lineText);
                    IReadOnlyList<string> terms = key.Length == 0 ? own : [.. AnswerTerms.Analyze(key), .. own];
                    yield return new UnitSpec(line.Start, line.End, line.Kind, Quotable(lineText, chunk.Title, line.Kind), terms, line.HeadingPath, line.Context, Set(heading), key.Length == 0 ? lineText : $"{key} — {lineText}");
                    i++;
                    break;
                }

                case BlockKind.Code:
                {
                    var end = i + 1;
                    while (end < lines.Count && lines[end].Kind == BlockKind.Code && lines[end].Block == line.Block)
                    {
                        end++;
                    }

                    foreach (var unit in CodeUnits(chunk, lines, i, end, intro, heading))
                    {
                        yield return unit;
                    }

                    i = end;
                    break;
                }

                default:
                    foreach (var unit in ProseUnits(chunk, line, heading))
                    {
                        if (unit.Quotable)
                        {
                            intro = text[unit.Start..unit.End];
                        }

                        yield return unit;
                    }

                    i++;
                    break;
            }
        }

        IReadOnlyList<string> HeadingTerms(string path)
        {
            if (!headingTerms.TryGetValue(path, out var terms))
            {
                terms = AnswerTerms.Analyze(path);
                headingTerms[path] = terms;
            }

            return terms;
        }
    }

    private static IEnumerable<UnitSpec> CodeUnits(Retrieval.RetrievedChunk chunk, IReadOnlyList<UnitLine> lines, int from, int to, string? intro, IReadOnlyList<string> heading)
    {
        var text = chunk.Text;
        var language = lines[from].Context;
        if (to - from <= WholeCodeLines)
        {
            var whole = text[lines[from].Start..lines[to - 1].End];
            var introTerms = intro is null ? [] : AnswerTerms.Analyze(intro);
            yield return new UnitSpec(lines[from].Start, lines[to - 1].End, BlockKind.Code, Quotable(whole, chunk.Title, BlockKind.Code),
                [.. introTerms, .. AnswerTerms.Analyze(whole)], lines[from].HeadingPath, language, Set(heading, introTerms), whole);
            yield break;
        }

        var k = from;
        while (k < to)
        {
            var start = k;
            while (k < to - 1 && IsComment(text[lines[k].Start..lines[k].End]))
            {
                k++;
            }

            var statement = text[lines[start].Start..lines[k].End];
            yield return new UnitSpec(lines[start].Start, lines[k].End, BlockKind.Code, Quotable(statement, chunk.Title, BlockKind.Code),
                AnswerTerms.Analyze(statement), lines[start].HeadingPath, language, Set(heading), statement);
            k++;
        }
    }

    private static IEnumerable<UnitSpec> ProseUnits(Retrieval.RetrievedChunk chunk, UnitLine line, IReadOnlyList<string> heading)
    {
        var text = chunk.Text;
        var (lineStart, lineEnd) = WithoutMarker(text, line.Start, line.End);
        if (lineEnd <= lineStart)
        {
            yield break;
        }

        var lineText = text[lineStart..lineEnd];
        var sentences = RunOnSentences.Cut(lineText, SentenceSplitter.Split(lineText));

        // "--flag: Enables X. It was added in 2.1." — the key a list item or paragraph opens with is what its later
        // sentences are about.
        var lead = LeadKey().Match(lineText) is { Success: true } m ? AnswerTerms.Analyze(m.Groups[1].Value) : [];
        var contextTerms = Set(heading, lead);

        // The words of the heading a unit sits under count as the unit's own (a FAQ answer under its question).
        var section = AnswerTerms.Analyze(LastStep(line.HeadingPath));
        for (var s = 0; s < sentences.Count; s++)
        {
            var range = sentences[s];
            var sentence = lineText[range.Start..range.End];
            // A list item of one sentence is quotable however short ("v2.55", "Linux and macOS"); the sentences of a
            // longer item are prose.
            var quotable = Quotable(sentence, chunk.Title, line.Kind == BlockKind.ListItem && sentences.Count == 1 ? BlockKind.ListItem : BlockKind.Paragraph);
            var own = AnswerTerms.Analyze(sentence);
            IReadOnlyList<string> terms = [.. section, .. s > 0 ? lead : [], .. own];
            yield return new UnitSpec(lineStart + range.Start, lineStart + range.End, line.Kind, quotable, terms, line.HeadingPath, line.Context, contextTerms, sentence);
        }
    }

    private static bool Quotable(string unit, string title, BlockKind kind) => SentenceCandidates.IsQuotable(unit, title, kind);

    private static bool IsComment(string line) => line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal);

    /// <summary>Moves past an admonition marker the extractor left in the text (<c>::: tip</c>, <c>[!NOTE]</c>).</summary>
    private static (int Start, int End) WithoutMarker(string text, int start, int end)
    {
        var line = text[start..end];
        if (AdmonitionOpen().Match(line) is { Success: true } open)
        {
            start += open.Length;
        }

        if (text[start..end].TrimEnd().EndsWith(":::", StringComparison.Ordinal))
        {
            end = start + text[start..end].TrimEnd().Length - 3;
        }

        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    /// <summary>"Flag: --port | Description: Port to listen on | Default: 80" from a row and its header.</summary>
    internal static string WithHeader(string row, string header)
    {
        // Extracted rows join their cells with "; "; a row kept as written (a table in a code-free paragraph, HTML) with " | ".
        var names = header.Split(" | ");
        var cells = row.Split("; ");
        if (cells.Length != names.Length)
        {
            cells = row.Trim().Trim('|').Split('|');
        }

        if (cells.Length != names.Length)
        {
            return $"{header}: {row}";
        }

        return string.Join(" | ", cells.Select((c, i) => $"{names[i]}: {c.TrimEnd(';').Trim()}").Where((c, i) => cells[i].Trim().Trim(';').Length > 0));
    }

    /// <summary>Whether a table row reads as <paramref name="header"/> (cells joined by "; " or " | ", spacing and case aside).</summary>
    private static bool SameRow(string row, string header) => Normalise(row.Replace("; ", " | ", StringComparison.Ordinal)) == Normalise(header);

    /// <summary>
    /// Whether the row at <paramref name="at"/>, which has no header of its own, is the header of the rows after it:
    /// extractors write a header row as a row without context and give it to every other row as theirs. It is context
    /// for its rows, never a unit of its own.
    /// </summary>
    private static bool IsHeaderOfRowsAfter(IReadOnlyList<UnitLine> lines, int at, string row)
    {
        for (var k = at + 1; k < lines.Count && lines[k].Kind == BlockKind.TableRow; k++)
        {
            if (lines[k].Context is { } header)
            {
                return SameRow(row, header);
            }
        }

        return false;
    }

    private static string LastStep(string path)
    {
        var at = path.LastIndexOf(TextBlock.PathSeparator, StringComparison.Ordinal);
        return at < 0 ? path : path[(at + TextBlock.PathSeparator.Length)..];
    }

    private static string Normalise(string s) => string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim(';', ' ').ToLowerInvariant();

    private static HashSet<string> Set(IReadOnlyList<string> first, IReadOnlyList<string>? second = null)
    {
        var set = new HashSet<string>(first, StringComparer.Ordinal);
        if (second is not null)
        {
            set.UnionWith(second);
        }

        return set;
    }

    [GeneratedRegex(@"^(?::::+\s*\w+|\[!\w+\])", RegexOptions.CultureInvariant)]
    private static partial Regex AdmonitionOpen();

    /// <summary>A key opening a line: an identifier or up to four words, then a colon and a space.</summary>
    [GeneratedRegex(@"^([^\s:]{2,60}|(?:\S+ ){0,3}\S+):\s", RegexOptions.CultureInvariant)]
    private static partial Regex LeadKey();
}
