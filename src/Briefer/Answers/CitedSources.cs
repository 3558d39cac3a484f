using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Answers;

/// <summary>One document of a citation list, with every citation (number and quote) that points into it.</summary>
/// <param name="Citations">The document's citations, by number.</param>
internal sealed record CitedSource(DocumentId DocumentId, string Title, string Source, DateOnly? PublishedAt, IReadOnlyList<Citation> Citations)
{
    /// <summary>The citation numbers, e.g. <c>[1, 3]</c>.</summary>
    public string Markers => "[" + string.Join(", ", Citations.Select(c => c.N)) + "]";

    /// <summary>The document is a web page that was gone at its last sync.</summary>
    public bool Stale => Citations.Any(c => c.Stale);

    /// <summary>What a citation list adds after a stale document, in the terminal and in Discord alike.</summary>
    public const string StaleMark = "[stale: the page is gone]";
}

/// <summary>
/// Groups an answer's citations by document for display: a document cited by two passages is listed once, with both
/// quotes under it. The citations themselves (one per <c>[n]</c> marker) are unchanged.
/// </summary>
internal static class CitedSources
{
    /// <summary>The documents in the order of their first citation number; each document's citations by number.</summary>
    public static IReadOnlyList<CitedSource> Group(IEnumerable<Citation> citations)
    {
        ArgumentNullException.ThrowIfNull(citations);
        return citations
            .OrderBy(c => c.N)
            .GroupBy(c => c.DocumentId)
            .Select(g =>
            {
                var first = g.First();
                return new CitedSource(first.DocumentId, first.Title, first.Source, first.PublishedAt, g.ToList());
            })
            .ToList();
    }
}
