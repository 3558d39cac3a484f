namespace Briefer.Core.Documents;

/// <summary>What a structural block of a document is, as its format marked it.</summary>
public enum BlockKind
{
    /// <summary>Running prose: one paragraph.</summary>
    Paragraph,

    /// <summary>A heading; its own text is the last step of <see cref="TextBlock.HeadingPath"/>.</summary>
    Heading,

    /// <summary>One item of a bulleted or numbered list (nested items are blocks of their own).</summary>
    ListItem,

    /// <summary>One row of a table; <see cref="TextBlock.Context"/> holds the table's header cells.</summary>
    TableRow,

    /// <summary>A code block; <see cref="TextBlock.Context"/> holds its language when the source named one.</summary>
    Code,

    /// <summary>A short <c>key: value</c> or definition line ("Default: 512", "Type: string").</summary>
    KeyValue,

    /// <summary>A note, tip or warning box; its marker (<c>::: tip</c>, <c>&gt; [!NOTE]</c>) is not in the text.</summary>
    Admonition,

    /// <summary>A block quotation.</summary>
    Quote,
}

/// <summary>
/// One structural block of a document's normalised text: where it is, what it is, and under which headings.
/// Extractors that know their format's structure (Markdown, HTML, DOCX, PDF where it can) emit these; plain text emits
/// none and consumers fall back to reading lines.
/// </summary>
/// <param name="Start">Inclusive start offset into the document's normalised text.</param>
/// <param name="End">Exclusive end offset into the document's normalised text.</param>
/// <param name="Kind">What the block is.</param>
/// <param name="HeadingPath">The headings above the block, outermost first, joined with <c> › </c> ("Configuration › cache.maxSize"); empty before the first heading.</param>
/// <param name="Context">For a table row, its header cells joined with <c> | </c>; for code, its language; else null.</param>
public sealed record TextBlock(int Start, int End, BlockKind Kind, string HeadingPath, string? Context = null)
{
    /// <summary>The separator between the steps of a heading path.</summary>
    public const string PathSeparator = " › ";

    public int Length => End - Start;
}
