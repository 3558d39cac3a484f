namespace Briefer.Core.Documents;

/// <summary>Questions asked of a document's <see cref="TextBlock"/>s (sorted by start, as extractors emit them).</summary>
public static class TextBlocks
{
    /// <summary>The blocks that share at least one character with <c>[start, end)</c>, in order.</summary>
    public static IReadOnlyList<TextBlock> Overlapping(IReadOnlyList<TextBlock> blocks, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var first = FirstEndingAfter(blocks, start);
        var result = new List<TextBlock>();
        for (var i = first; i < blocks.Count && blocks[i].Start < end; i++)
        {
            if (blocks[i].End > start)
            {
                result.Add(blocks[i]);
            }
        }

        return result;
    }

    /// <summary>
    /// The block at <paramref name="offset"/>: the one containing it, else the last one starting before it (an offset
    /// in the line break between two blocks belongs to the first); null when no block starts at or before it.
    /// </summary>
    public static TextBlock? At(IReadOnlyList<TextBlock> blocks, int offset)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var low = 0;
        var high = blocks.Count - 1;
        var found = -1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            if (blocks[mid].Start <= offset)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found < 0 ? null : blocks[found];
    }

    /// <summary>
    /// The heading path a citation shows for text at <paramref name="offset"/> ("Configuration › cache.maxSize"), without
    /// a leading step equal to the document's <paramref name="title"/> (citations show the title already). Null when no
    /// block is there or the text is under no heading: the caller then keeps what it had (a page, the chunk's location).
    /// </summary>
    public static string? LocationAt(IReadOnlyList<TextBlock> blocks, int offset, string? title = null)
    {
        return WithoutTitle(At(blocks, offset)?.HeadingPath, title);
    }

    /// <summary>
    /// A heading path as a citation shows it: without a leading step equal to the document's <paramref name="title"/>;
    /// null when nothing is left (the path is empty or only the title).
    /// </summary>
    public static string? WithoutTitle(string? path, string? title)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (string.IsNullOrEmpty(title))
        {
            return path;
        }

        if (string.Equals(path, title, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var prefix = title + TextBlock.PathSeparator;
        return path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? path[prefix.Length..] : path;
    }

    /// <summary>
    /// The context header for a chunk starting at <paramref name="offset"/>: the title and the heading path there,
    /// "Title › Section › Subsection" (the title once, when the path already starts with it). Null when the text there is
    /// under no heading.
    /// </summary>
    public static string? ContextHeader(IReadOnlyList<TextBlock> blocks, int offset, string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var path = At(blocks, offset)?.HeadingPath;
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        return path.StartsWith(title, StringComparison.OrdinalIgnoreCase) || title.Length == 0 ? path : title + TextBlock.PathSeparator + path;
    }

    private static int FirstEndingAfter(IReadOnlyList<TextBlock> blocks, int offset)
    {
        // Blocks do not nest or overlap, so their ends are sorted too.
        var low = 0;
        var high = blocks.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (blocks[mid].End <= offset)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
