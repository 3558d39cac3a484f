using System.Text;
using Briefer.Core.Documents;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Writes a structured document's normalised text one block at a time, and remembers where each block is and under
/// which headings. Each block is normalised on its own (<see cref="TextNormalizer"/>) and starts on a line of its own,
/// so the whole text is normalised too and every offset recorded here points into it exactly: no marks to resolve,
/// nothing shifts afterwards. Headings also become the <see cref="DocumentSection"/>s citations fall back on.
/// </summary>
internal sealed class BlockTextBuilder
{
    private const int MaxHeadingLength = 60;
    private const int MaxPathLength = 120;

    private readonly StringBuilder _text = new();
    private readonly List<TextBlock> _blocks = [];
    private readonly List<DocumentSection> _sections = [];
    private readonly List<(int Level, string Text)> _path = [];
    private string _label = string.Empty;
    private bool _blankLine;

    /// <summary>The text of the first heading written, as the document shows it (for titles).</summary>
    public string? FirstHeading { get; private set; }

    /// <summary>The heading path blocks are under now ("Configuration › cache.maxSize"); empty before the first heading.</summary>
    public string HeadingPath => _label;

    /// <summary>Asks for a blank line before the next block (a paragraph break some formats keep, as before tables).</summary>
    public void BlankLine() => _blankLine = _text.Length > 0;

    /// <summary>Writes a heading of <paramref name="level"/> (1 = top); the blocks after it are under it until a heading of the same or a higher level.</summary>
    public void Heading(int level, string raw)
    {
        var text = TextNormalizer.Normalize(raw).Replace('\n', ' ');
        if (text.Length == 0)
        {
            return;
        }

        FirstHeading ??= text;
        var step = text.Length > MaxHeadingLength ? string.Concat(text.AsSpan(0, MaxHeadingLength - 1).TrimEnd(), "…") : text;
        _path.RemoveAll(p => p.Level >= level);
        _path.Add((level, step));
        var label = string.Join(TextBlock.PathSeparator, _path.Select(p => p.Text));
        // The deepest headings say most about where a passage is.
        _label = label.Length > MaxPathLength ? "…" + label[^(MaxPathLength - 1)..] : label;

        var start = Append(text);
        if (_sections.Count > 0 && _sections[^1].Start == start)
        {
            _sections[^1] = new DocumentSection(start, _label);
        }
        else
        {
            _sections.Add(new DocumentSection(start, _label));
        }

        _blocks.Add(new TextBlock(start, _text.Length, BlockKind.Heading, _label));
    }

    /// <summary>
    /// Writes one block. A paragraph or list item that is a short <c>key: value</c> line ("Default: 512") becomes a
    /// <see cref="BlockKind.KeyValue"/> block; one made only of such lines becomes one key–value block per line.
    /// </summary>
    public void Add(BlockKind kind, string raw, string? context = null)
    {
        var text = TextNormalizer.Normalize(raw);
        if (text.Length == 0)
        {
            return;
        }

        var oneLine = context is null ? null : OneLine(context);
        if (kind is BlockKind.Paragraph or BlockKind.ListItem && KeyValueLine.AllLines(text))
        {
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var start = Append(line);
                _blocks.Add(new TextBlock(start, _text.Length, BlockKind.KeyValue, _label, oneLine));
            }

            return;
        }

        var at = Append(text);
        _blocks.Add(new TextBlock(at, _text.Length, kind, _label, oneLine));
    }

    /// <summary>The normalised text, its heading sections and its blocks.</summary>
    public (string Text, IReadOnlyList<DocumentSection> Sections, IReadOnlyList<TextBlock> Blocks) Build()
    {
        var text = _text.ToString();
        return (text, _sections, _blocks);
    }

    /// <summary>Context is shown on one line ("Option | Description"), normalised like the text.</summary>
    private static string? OneLine(string context)
    {
        var normalized = TextNormalizer.Normalize(context).Replace('\n', ' ');
        return normalized.Length == 0 ? null : normalized;
    }

    private int Append(string normalized)
    {
        if (_text.Length > 0)
        {
            _text.Append(_blankLine ? "\n\n" : "\n");
        }

        _blankLine = false;
        var start = _text.Length;
        _text.Append(normalized);
        return start;
    }
}
