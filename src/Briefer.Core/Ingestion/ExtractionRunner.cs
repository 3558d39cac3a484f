using Briefer.Core.Chunking;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Extraction and chunking of one document under its time budget (<c>Ingestion:ExtractionTimeout</c>). The extractors
/// check the budget as they go; as a backstop for work that cannot (inside a parser), the caller stops waiting shortly
/// after the budget is spent and the document is refused, so no input can hold an ingest, or a bot worker, for longer.
/// </summary>
internal static class ExtractionRunner
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    public static async Task<(ExtractedDocument Document, IReadOnlyList<TextChunk> Chunks)> RunAsync(
        DocumentLoader loader, ITextChunker chunker, DocumentSource source, TimeProvider time, CancellationToken cancellationToken)
    {
        var budget = loader.CreateBudget(DocumentLoader.DisplayName(source));
        var work = Task.Run(
            () =>
            {
                var document = loader.Load(source, budget);
                var chunks = chunker.Chunk(document.Text);
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
}
