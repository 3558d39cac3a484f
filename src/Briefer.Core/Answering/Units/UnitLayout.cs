using System.Text.RegularExpressions;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>One line of a chunk with what it is: the block it belongs to, or what its shape says when no block is known.</summary>
/// <param name="Start">Offset of the line's first non-blank character in the chunk's text.</param>
/// <param name="End">Offset just past the line's last non-blank character in the chunk's text.</param>
/// <param name="Block">
/// Which block the line belongs to: lines with the same number are one block (one code block, one table, one paragraph);
/// a structural block from the extractor when the chunk has them, else a run of lines of the same shape.
/// </param>
/// <param name="Context">For a table row, the header cells joined with <c> | </c>; for code, its language; else null.</param>
public sealed record UnitLine(int Start, int End, BlockKind Kind, int Block, string HeadingPath, string? Context);

/// <summary>
/// The lines of a retrieved chunk, each with its kind and heading path: from the extractor's <see cref="TextBlock"/>s
/// when the chunk carries them, else inferred from the lines' shapes (extractors write headings, list items, table rows
/// and code lines on lines of their own; old stores and plain text have no blocks).
/// </summary>
/// <remarks>
/// The inference is deliberately conservative, since a wrong guess only changes which lines may be quoted: a run of
/// lines with the same number of <c>"; "</c> cell separators is a table (its first line the header when it reads like
/// one); a line shaped like configuration or a shell command is code; a short <c>key: value</c> line is a key–value
/// line; a short question on its own line is a heading (a FAQ entry); a short line without closing punctuation is a list item when it sits in a run of such lines or after a
/// lead-in ending in a colon, else a heading; everything else is prose.
/// </remarks>
public static partial class UnitLayout
{
    private const string CellSeparator = "; ";

    /// <summary>The non-blank lines of <paramref name="chunk"/> in order.</summary>
    public static IReadOnlyList<UnitLine> Lines(RetrievedChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var raw = RawLines(chunk.Text);
        return chunk.Blocks.Count > 0 ? FromBlocks(chunk, raw) : Infer(chunk, raw);
    }

    /// <summary>Whether a line reads as code or configuration rather than prose.</summary>
    public static bool LooksLikeCode(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var t = line.Trim();
        return t.Length > 0 && (t[0] is '#' or '[' or '{' or '}' or ']' or '$' or '<' or '/' || t.StartsWith("- ", StringComparison.Ordinal) && CodeShape().IsMatch(t)
            || CodeShape().IsMatch(t) || YamlKey().IsMatch(t));
    }

    private static List<(int Start, int End)> RawLines(string text)
    {
        var lines = new List<(int, int)>();
        var at = 0;
        while (at <= text.Length)
        {
            var newline = text.IndexOf('\n', at);
            var end = newline < 0 ? text.Length : newline;
            var s = at;
            var e = end;
            while (s < e && char.IsWhiteSpace(text[s]))
            {
                s++;
            }

            while (e > s && char.IsWhiteSpace(text[e - 1]))
            {
                e--;
            }

            if (e > s)
            {
                lines.Add((s, e));
            }

            if (newline < 0)
            {
                break;
            }

            at = newline + 1;
        }

        return lines;
    }

    private static List<UnitLine> FromBlocks(RetrievedChunk chunk, List<(int Start, int End)> raw)
    {
        var result = new List<UnitLine>(raw.Count);
        var inferred = Infer(chunk, raw);
        for (var i = 0; i < raw.Count; i++)
        {
            var at = chunk.Start + raw[i].Start;
            var blockIndex = -1;
            for (var b = 0; b < chunk.Blocks.Count; b++)
            {
                if (chunk.Blocks[b].Start <= at && at < chunk.Blocks[b].End)
                {
                    blockIndex = b;
                    break;
                }
            }

            if (blockIndex < 0)
            {
                result.Add(inferred[i] with { Block = -1 - i });
                continue;
            }

            var block = chunk.Blocks[blockIndex];
            result.Add(new UnitLine(raw[i].Start, raw[i].End, block.Kind, blockIndex, block.HeadingPath, block.Context));
        }

        return result;
    }

    private static List<UnitLine> Infer(RetrievedChunk chunk, List<(int Start, int End)> raw)
    {
        var text = chunk.Text;
        var lines = raw.Select(r => text[r.Start..r.End]).ToArray();
        var kinds = new BlockKind[lines.Length];
        var context = new string?[lines.Length];
        var blocks = new int[lines.Length];
        var heading = chunk.Location is { Length: > 0 } location && !location.StartsWith("p.", StringComparison.Ordinal) ? location : string.Empty;
        var headings = new string[lines.Length];

        // Tables: runs of two or more lines with the same number of cell separators.
        var i = 0;
        while (i < lines.Length)
        {
            var cells = Cells(lines[i]);
            var end = i + 1;
            while (cells > 0 && end < lines.Length && Cells(lines[end]) == cells)
            {
                end++;
            }

            if (cells > 0 && end - i >= 2)
            {
                var header = ReadsAsHeader(lines[i]) ? string.Join(" | ", lines[i].Split(CellSeparator)) : null;
                for (var k = i; k < end; k++)
                {
                    kinds[k] = k == i && header is not null ? BlockKind.Heading : BlockKind.TableRow;
                    context[k] = header;
                    blocks[k] = i;
                }

                i = end;
                continue;
            }

            kinds[i] = Shape(lines, i);
            blocks[i] = kinds[i] == BlockKind.Code && i > 0 && kinds[i - 1] == BlockKind.Code && Contiguous(text, raw, i) ? blocks[i - 1] : i;
            i++;
        }

        for (var k = 0; k < lines.Length; k++)
        {
            // A table's header row is context for its rows, not a heading of the section.
            if (kinds[k] == BlockKind.Heading && context[k] is null)
            {
                // A heading found in the text is taken to be at the level of the heading the chunk started under.
                var parent = heading.LastIndexOf(TextBlock.PathSeparator, StringComparison.Ordinal);
                heading = parent < 0 ? lines[k] : heading[..(parent + TextBlock.PathSeparator.Length)] + lines[k];
            }

            headings[k] = heading;
        }

        return [.. Enumerable.Range(0, lines.Length).Select(k => new UnitLine(raw[k].Start, raw[k].End, kinds[k], blocks[k], headings[k], context[k]))];
    }

    /// <summary>Code lines that follow each other without a blank line are one block.</summary>
    private static bool Contiguous(string text, List<(int Start, int End)> raw, int i) =>
        text.AsSpan(raw[i - 1].End, raw[i].Start - raw[i - 1].End).Count('\n') <= 1;

    private static BlockKind Shape(string[] lines, int i)
    {
        var line = lines[i];
        if (LooksLikeCode(line))
        {
            return BlockKind.Code;
        }

        if (KeyValue().IsMatch(line))
        {
            return BlockKind.KeyValue;
        }

        // A short question on a line of its own is a FAQ entry's heading: what the next lines answer, never the answer.
        if (line.TrimEnd().EndsWith('?') && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 15)
        {
            return BlockKind.Heading;
        }

        if (!IsShortUnterminated(line))
        {
            return BlockKind.Paragraph;
        }

        var afterLeadIn = i > 0 && lines[i - 1].TrimEnd().EndsWith(':');
        var inRun = (i > 0 && IsShortUnterminated(lines[i - 1]) && !LooksLikeCode(lines[i - 1]))
            || (i + 1 < lines.Length && IsShortUnterminated(lines[i + 1]) && !LooksLikeCode(lines[i + 1]));
        return afterLeadIn || inRun ? BlockKind.ListItem : BlockKind.Heading;
    }

    private static bool IsShortUnterminated(string line)
    {
        var trimmed = line.TrimEnd('"', '\'', '”', '’', ')', ']', '»');
        return trimmed.Length > 0 && trimmed[^1] is not ('.' or '!' or '?' or '…' or ';' or ':') && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 10;
    }

    private static int Cells(string line)
    {
        var count = 0;
        var at = line.IndexOf(CellSeparator, StringComparison.Ordinal);
        while (at >= 0)
        {
            count++;
            at = line.IndexOf(CellSeparator, at + CellSeparator.Length, StringComparison.Ordinal);
        }

        return line.EndsWith(';') ? count + 1 : count;
    }

    private static bool ReadsAsHeader(string line) =>
        line.Split(CellSeparator).All(c => c.Length > 0 && !c.Any(char.IsDigit) && c.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 4);

    /// <summary>Configuration and commands: <c>key = value</c>, <c>key: &lt;type&gt;</c>, braces, a shell prompt, a call.</summary>
    [GeneratedRegex(@"(\s=\s|:\s*<[\w-]+>|\{\s*$|^\s*\}|^\$\s|^[\w.-]+\(.*\)\s*;?$|^\w[\w-]*\s+--?[a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex CodeShape();

    /// <summary>A YAML-like <c>key:</c> or <c>key: value</c> line whose key is an identifier (no spaces, has <c>_</c> or <c>.</c>).</summary>
    [GeneratedRegex(@"^-?\s*[a-z0-9]+[_.][\w.]*:(\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex YamlKey();

    /// <summary>A short <c>Key: value</c> line ("Default: 512", "Type: string").</summary>
    [GeneratedRegex(@"^[\p{L}][\p{L}\p{N} _.-]{0,30}:\s+\S.{0,60}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyValue();
}
