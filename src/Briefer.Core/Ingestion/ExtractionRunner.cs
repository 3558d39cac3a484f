using Briefer.Core.Chunking;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Extraction and chunking of one document under its time budget (<c>Ingestion:ExtractionTimeout</c>). The extractors
/// check the budget as they go; as a backstop for work that cannot (inside a parser), the caller stops waiting shortly
/// after the budget is spent and the document is refused, so no input can hold an ingest, or a bot worker, for longer.
/// </summary>
public static class ExtractionRunner
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>Extracts and chunks <paramref name="source"/> within its budget.</summary>
    /// <exception cref="Documents.DocumentRejectedException">Unusable, or over the budget.</exception>
    public static async Task<(ExtractedDocument Document, IReadOnlyList<TextChunk> Chunks)> RunAsync(
        DocumentLoader loader, ITextChunker chunker, DocumentSource source, TimeProvider time, CancellationToken cancellationToken)
    {
        var budget = loader.CreateBudget(DocumentLoader.DisplayName(source));
        var work = Task.Run(
            () =>
            {
                var document = loader.Load(source, budget);
                var chunks = ChunkByPage(chunker, document, budget);
                budget.Check();
                return (document, chunks);
            },
            cancellationToken);
        try
        {
            return await work.WaitAsync(budget.Limit + Grace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The abandoned work ends at its next budget check; its outcome is observed, so it never goes unobserved.
            _ = work.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw budget.Exceeded();
        }
    }

    /// <summary>
    /// Chunks a paged document page by page, so no chunk spans a page break and every citation can name its one page;
    /// other documents are chunked whole (their headings are short, and chunks may run across them), at block boundaries.
    /// </summary>
    public static IReadOnlyList<TextChunk> ChunkByPage(ITextChunker chunker, ExtractedDocument document, ExtractionBudget budget)
    {
        var pages = document.Sections.Where(s => s.Page is not null).ToList();
        if (pages.Count < 2)
        {
            return chunker.Chunk(document.Text, document.Blocks);
        }

        var chunks = new List<TextChunk>();
        for (var i = 0; i < pages.Count; i++)
        {
            budget.Check();
            var start = pages[i].Start;
            var end = i + 1 < pages.Count ? pages[i + 1].Start : document.Text.Length;
            var pageText = document.Text[start..end];
            var trimmed = pageText.TrimEnd();
            foreach (var chunk in chunker.Chunk(trimmed))
            {
                chunks.Add(new TextChunk(chunks.Count, start + chunk.Start, start + chunk.End, chunk.Text, chunk.TokenCount));
            }
        }

        return chunks;
    }
}
