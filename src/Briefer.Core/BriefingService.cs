using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Briefer.Core.Answering;
using Briefer.Core.Chunking;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Core;

/// <summary>
/// The pipeline behind every verb: extract → chunk → embed → store on ingest; retrieve → compose on ask and brief.
/// </summary>
public sealed class BriefingService(
    DocumentLoader loader,
    ITextChunker chunker,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    IDocumentStore store,
    HybridRetriever retriever,
    IAnswerComposer composer,
    IOptions<AnswerOptions> answerOptions,
    BrieferMetrics metrics,
    TimeProvider time,
    ILogger<BriefingService> logger) : IBriefingService
{
    private readonly AnswerOptions _answers = answerOptions.Value;

    public async Task<IngestResult> IngestAsync(ScopeId scope, DocumentSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var started = time.GetTimestamp();
        ExtractedDocument document;
        IReadOnlyList<TextChunk> chunks;
        try
        {
            (document, chunks) = await ExtractionRunner.RunAsync(loader, chunker, source, time, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentRejectedException ex)
        {
            Log.Rejected(logger, source.Source, scope.Value, ex.Message);
            throw;
        }

        var id = DocumentId.For(scope, source.Source);
        var hash = ContentHash(document);
        var existing = await store.GetDocumentAsync(scope, id, cancellationToken).ConfigureAwait(false);
        var visibility = source.KeepsStoredVisibility && existing is not null ? existing.Visibility : source.Visibility;
        if (existing is not null && existing.ContentHash == hash && existing.Visibility.Equals(visibility))
        {
            // Same content; a web page may still have new validators, or have come back after being stale.
            var validators = source.Validators;
            if (existing.StaleSince is not null || (validators is not null && (validators.ETag != existing.ETag || validators.LastModified != existing.LastModified)))
            {
                await store.UpdateSourceStateAsync(scope, id, new SourceState(validators?.ETag ?? existing.ETag, validators?.LastModified ?? existing.LastModified, null), cancellationToken).ConfigureAwait(false);
            }

            return Finish(new IngestResult(id, existing.Title, existing.Source, IngestOutcome.UpToDate, existing.ChunkCount, existing.TokenCount, time.GetElapsedTime(started)) { PageCount = document.PageCount });
        }

        if (chunks.Count == 0)
        {
            throw new DocumentRejectedException($"{source.FileName}: no text left to index after extraction. Check that the file has readable text.");
        }

        var paths = chunks.Select(c => TextBlocks.At(document.Blocks, c.Start)?.HeadingPath is { Length: > 0 } path ? path : null).ToList();
        var embeddings = await embedder.GenerateAsync(chunks.Select((c, i) => EmbeddingText(document.Title, paths[i], c.Text)), cancellationToken: cancellationToken).ConfigureAwait(false);
        var records = chunks.Select((c, i) => new ChunkRecord(c.Index, c.Start, c.End, c.Text, c.TokenCount, embeddings[i].Vector, SectionLocator.Locate(document.Sections, c.Start, c.End, document.Title))
        {
            Blocks = TextBlocks.Overlapping(document.Blocks, c.Start, c.End),
            HeadingPath = paths[i],
        }).ToList();
        var tokens = chunks.Sum(c => c.TokenCount);
        var record = new DocumentRecord(id, scope, document.Title, source.Source, document.PublishedAt, time.GetUtcNow(), hash, records.Count, tokens, source.Validators?.ETag, source.Validators?.LastModified)
        {
            Visibility = visibility,
        };

        // One transaction in the store: the old version stays whole until the new one is complete.
        await store.UpsertDocumentAsync(record, records, cancellationToken).ConfigureAwait(false);
        var outcome = existing is null ? IngestOutcome.Added : IngestOutcome.Updated;
        return Finish(new IngestResult(id, document.Title, source.Source, outcome, records.Count, tokens, time.GetElapsedTime(started)) { PageCount = document.PageCount });

        IngestResult Finish(IngestResult result)
        {
            metrics.Ingested(result.Outcome.ToString(), result.Outcome == IngestOutcome.UpToDate ? 0 : result.ChunkCount);
            Log.Ingested(logger, result.DocumentId.Value, result.Title, scope.Value, result.Outcome.ToString(), result.ChunkCount, result.TokenCount, (long)result.Elapsed.TotalMilliseconds);
            return result;
        }
    }

    public async Task<Answer> AskAsync(ScopeId scope, string question, AnswerContext context, ReaderAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(audience);
        if (context.PreviousDocuments.Count == 0)
        {
            return await AskAsync(scope, question, audience, cancellationToken).ConfigureAwait(false);
        }

        // The conversation's documents first: a follow-up continues from them, and read alone its few words match
        // passages anywhere. Only when they do not answer does the whole scope.
        question = ValidateQuery(question, "question", "Ask a question, for example: \"What happened in Caracas?\"");
        var started = time.GetTimestamp();
        var evidence = await retriever.RetrieveAsync(scope, question, _answers.AnswerChunks, documents: context.PreviousDocuments, audience: audience, cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = evidence.Count == 0 ? null : await composer.ComposeAnswerAsync(question, evidence, cancellationToken).ConfigureAwait(false);
        if (answer is null || answer.Abstained)
        {
            return await AskAsync(scope, question, audience, cancellationToken).ConfigureAwait(false);
        }

        answer = answer with { Citations = await MarkStaleAsync(scope, answer.Citations, cancellationToken).ConfigureAwait(false) };
        var elapsed = time.GetElapsedTime(started);
        metrics.Answered("ask", answer.Abstained, elapsed);
        Log.Answered(logger, scope.Value, answer.Mode.ToString(), answer.Abstained, answer.Citations.Count, (long)elapsed.TotalMilliseconds);
        return answer;
    }

    public async Task<Answer> AskAsync(ScopeId scope, string question, ReaderAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audience);
        question = ValidateQuery(question, "question", "Ask a question, for example: \"What happened in Caracas?\"");
        var started = time.GetTimestamp();
        var evidence = await retriever.RetrieveAsync(scope, question, _answers.AnswerChunks, audience: audience, cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = await composer.ComposeAnswerAsync(question, evidence, cancellationToken).ConfigureAwait(false);
        answer = answer.Abstained
            ? await CountScopeAsync(scope, answer, audience, cancellationToken).ConfigureAwait(false)
            : answer with { Citations = await MarkStaleAsync(scope, answer.Citations, cancellationToken).ConfigureAwait(false) };
        var elapsed = time.GetElapsedTime(started);
        metrics.Answered("ask", answer.Abstained, elapsed);
        Log.Answered(logger, scope.Value, answer.Mode.ToString(), answer.Abstained, answer.Citations.Count, (long)elapsed.TotalMilliseconds);
        return answer;
    }

    public async Task<Brief> BriefAsync(ScopeId scope, string topic, DateOnly? since, ReaderAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audience);
        topic = ValidateQuery(topic, "topic", "Name a topic, for example: \"Venezuela prisoner release\"");
        var started = time.GetTimestamp();
        var evidence = await retriever.RetrieveAsync(scope, topic, _answers.BriefChunks, publishedSince: since, candidatesPerMethod: Math.Max(50, _answers.BriefChunks * 2), audience: audience, cancellationToken: cancellationToken).ConfigureAwait(false);
        var brief = await composer.ComposeBriefAsync(topic, evidence, cancellationToken).ConfigureAwait(false);
        brief = brief.Abstained
            ? brief with { DocumentsInScope = await CountVisibleAsync(scope, audience, cancellationToken).ConfigureAwait(false) }
            : brief with { Citations = await MarkStaleAsync(scope, brief.Citations, cancellationToken).ConfigureAwait(false) };
        var elapsed = time.GetElapsedTime(started);
        metrics.Answered("brief", brief.Abstained, elapsed);
        Log.Briefed(logger, scope.Value, brief.Mode.ToString(), brief.Abstained, brief.Bullets.Count, (long)elapsed.TotalMilliseconds);
        return brief;
    }

    public Task<IReadOnlyList<DocumentRecord>> ListSourcesAsync(ScopeId scope, CancellationToken cancellationToken) =>
        store.ListDocumentsAsync(scope, cancellationToken);

    public async Task<bool> ForgetAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken)
    {
        var removed = await store.DeleteDocumentAsync(scope, id, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            Log.Forgot(logger, id.Value, scope.Value);
        }

        return removed;
    }

    /// <summary>The abstain reason when the scope holds no document at all.</summary>
    public static string EmptyScopeReason(ScopeId scope) => $"no documents are loaded in scope '{scope}'";

    /// <summary>
    /// An abstention says how many documents the scope holds for <paramref name="audience"/>, and why when it holds
    /// none: counted on what the audience may read, so "not covered" and "nothing loaded" never hint at hidden documents.
    /// </summary>
    private async Task<Answer> CountScopeAsync(ScopeId scope, Answer answer, ReaderAudience audience, CancellationToken cancellationToken)
    {
        var count = await CountVisibleAsync(scope, audience, cancellationToken).ConfigureAwait(false);
        return answer with { DocumentsInScope = count, AbstainReason = count == 0 ? EmptyScopeReason(scope) : answer.AbstainReason };
    }

    /// <summary>How many of the scope's documents <paramref name="audience"/> may read.</summary>
    private async Task<int> CountVisibleAsync(ScopeId scope, ReaderAudience audience, CancellationToken cancellationToken) =>
        (await store.ListDocumentsAsync(scope, cancellationToken).ConfigureAwait(false)).Count(d => audience.CanSee(d.Visibility));

    /// <summary>Marks the citations of web pages that were gone (404/410) at their last sync; one look-up per cited document.</summary>
    private async Task<IReadOnlyList<Citation>> MarkStaleAsync(ScopeId scope, IReadOnlyList<Citation> citations, CancellationToken cancellationToken)
    {
        var stale = new HashSet<DocumentId>();
        foreach (var id in citations.Select(c => c.DocumentId).Distinct())
        {
            if ((await store.GetDocumentAsync(scope, id, cancellationToken).ConfigureAwait(false))?.StaleSince is not null)
            {
                stale.Add(id);
            }
        }

        return stale.Count == 0 ? citations : [.. citations.Select(c => stale.Contains(c.DocumentId) ? c with { Stale = true } : c)];
    }

    /// <summary>
    /// What is embedded for a chunk: the document title, then the chunk. Chunks after the first often never name their
    /// subject; the title gives the embedding that context. (The title is not part of the chunk's text or offsets.)
    /// </summary>
    public static string EmbeddingText(string title, string chunkText) => EmbeddingText(title, null, chunkText);

    /// <summary>
    /// What is embedded for a chunk under headings: a contextual header "Title › Section › Subsection" (the heading
    /// path where the chunk starts), then the chunk; without a heading path, as <see cref="EmbeddingText(string, string)"/>.
    /// </summary>
    public static string EmbeddingText(string title, string? headingPath, string chunkText)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(chunkText);
        if (string.IsNullOrEmpty(headingPath))
        {
            return chunkText.StartsWith(title, StringComparison.Ordinal) ? chunkText : title + "\n" + chunkText;
        }

        // A chunk that starts with its own header (the first chunk, under the title heading) is embedded as it is.
        var header = headingPath.StartsWith(title, StringComparison.OrdinalIgnoreCase) ? headingPath : title + TextBlock.PathSeparator + headingPath;
        return chunkText.StartsWith(header, StringComparison.Ordinal) ? chunkText : header + "\n" + chunkText;
    }

    /// <summary>The hash that decides whether a re-ingest changes anything: title, date and normalised text.</summary>
    public static string ContentHash(ExtractedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var material = string.Join('\n', document.Title, document.PublishedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-", document.Text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    private string ValidateQuery(string? text, string what, string action)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new ArgumentException($"The {what} is empty. {action}.");
        }

        if (trimmed.Length > _answers.MaxQuestionLength)
        {
            throw new ArgumentException($"The {what} is {trimmed.Length} characters long; the limit is {_answers.MaxQuestionLength}. Shorten it.");
        }

        return trimmed;
    }
}
