namespace Briefer.Core.Ingestion;

/// <summary>The location a citation shows for a span of a document: its page(s), or the heading it falls under.</summary>
public static class SectionLocator
{
    /// <summary>
    /// "p. 3", "pp. 3–4", a heading path, or null when the document has no sections there. A heading path that starts
    /// with the document's <paramref name="title"/> (its top heading) loses that part: citations show the title already.
    /// </summary>
    public static string? Locate(IReadOnlyList<DocumentSection> sections, int start, int end, string? title = null)
    {
        var location = LocateCore(sections, start, end);
        if (location is null || string.IsNullOrEmpty(title) || LooksLikePage(location))
        {
            return location;
        }

        if (string.Equals(location, title, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var prefix = title + Documents.TextBlock.PathSeparator;
        return location.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? location[prefix.Length..] : location;
    }

    private static bool LooksLikePage(string location) => location.StartsWith("p. ", StringComparison.Ordinal) || location.StartsWith("pp. ", StringComparison.Ordinal);

    private static string? LocateCore(IReadOnlyList<DocumentSection> sections, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var first = Find(sections, start);
        if (first is null)
        {
            return null;
        }

        if (first.Page is { } page)
        {
            var last = Find(sections, Math.Max(start, end - 1));
            return last?.Page is { } lastPage && lastPage != page ? $"pp. {page}–{lastPage}" : $"p. {page}";
        }

        return first.Label;
    }

    private static DocumentSection? Find(IReadOnlyList<DocumentSection> sections, int offset)
    {
        DocumentSection? found = null;
        foreach (var section in sections)
        {
            if (section.Start > offset)
            {
                break;
            }

            found = section;
        }

        return found;
    }
}
