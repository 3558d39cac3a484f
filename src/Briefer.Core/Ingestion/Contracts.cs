using Briefer.Core.Documents;

namespace Briefer.Core.Ingestion;

/// <summary>Raw bytes of a document to ingest, with where they came from.</summary>
/// <param name="Source">The stable source name (full path, URL, or attachment URL); with the scope it fixes the document id.</param>
/// <param name="FileName">The file name, whose extension selects the extractor.</param>
/// <param name="ContentType">The media type when known (HTTP downloads), else null.</param>
public sealed record DocumentSource(string Source, string FileName, ReadOnlyMemory<byte> Content, string? ContentType = null);

/// <summary>The text of a document after extraction and normalisation.</summary>
/// <param name="Text">Normalised text (see <see cref="TextNormalizer"/>); chunk and citation offsets point into it.</param>
public sealed record ExtractedDocument(string Title, string Text, DateOnly? PublishedAt);

/// <summary>Turns the decoded text of one format into an <see cref="ExtractedDocument"/>.</summary>
public interface IDocumentExtractor
{
    /// <summary>The file extensions this extractor reads, lowercase with the dot (".md").</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>Extracts title, main text and published date. Throws <see cref="DocumentRejectedException"/> on unusable input.</summary>
    ExtractedDocument Extract(string content, string fileName);
}

/// <summary>What happened to one document on ingest.</summary>
public enum IngestOutcome
{
    Added,
    Updated,
    UpToDate,
}

/// <summary>The result of ingesting one document.</summary>
public sealed record IngestResult(
    DocumentId DocumentId,
    string Title,
    string Source,
    IngestOutcome Outcome,
    int ChunkCount,
    int TokenCount,
    TimeSpan Elapsed);
