using Briefer.Core.Documents;

namespace Briefer.Core.Ingestion;

/// <summary>Raw bytes of a document to ingest, with where they came from.</summary>
/// <param name="Source">The stable source name (full path, URL, or attachment URL); with the scope it fixes the document id.</param>
/// <param name="FileName">The file name; its extension is one hint to the format (the bytes themselves are another).</param>
/// <param name="ContentType">The media type when known (HTTP downloads), else null.</param>
public sealed record DocumentSource(string Source, string FileName, ReadOnlyMemory<byte> Content, string? ContentType = null)
{
    /// <summary>What the source answered about this version (HTTP validators), kept for re-sync; null for files.</summary>
    public SourceValidators? Validators { get; init; }

    /// <summary>Who may read the document once stored; <see cref="Visibility.Everyone"/> unless set.</summary>
    public Visibility Visibility { get; init; } = Visibility.Everyone;

    /// <summary>
    /// When set, a document already stored under this source keeps the visibility it has and <see cref="Visibility"/>
    /// applies only to a new one (re-ingesting without saying who may read must never widen it).
    /// </summary>
    public bool KeepsStoredVisibility { get; init; }
}

/// <summary>The HTTP validators of a fetched version, sent back on re-sync as <c>If-None-Match</c> / <c>If-Modified-Since</c>.</summary>
public sealed record SourceValidators(string? ETag, DateTimeOffset? LastModified);

/// <summary>Where a part of a document starts: a page of a PDF, or a heading of a Word, Markdown or HTML document.</summary>
/// <param name="Start">Offset in the document's normalised text where the part begins.</param>
/// <param name="Label">What a citation shows for it: <c>p. 3</c>, or a heading path such as <c>Budget › Transport</c>.</param>
/// <param name="Page">The page number, for paged documents; null for headings.</param>
public sealed record DocumentSection(int Start, string Label, int? Page = null);

/// <summary>The text of a document after extraction and normalisation.</summary>
/// <param name="Text">Normalised text (see <see cref="TextNormalizer"/>); chunk and citation offsets point into it.</param>
public sealed record ExtractedDocument(string Title, string Text, DateOnly? PublishedAt)
{
    /// <summary>Pages or headings in order of <see cref="DocumentSection.Start"/>; empty when the format has none.</summary>
    public IReadOnlyList<DocumentSection> Sections { get; init; } = [];

    /// <summary>How many pages the document has (PDF), else null. For throughput figures.</summary>
    public int? PageCount { get; init; }

    /// <summary>
    /// The document's structural blocks (headings, paragraphs, list items, table rows, code…) in order of
    /// <see cref="TextBlock.Start"/>, with their heading paths; empty when the format has no structure (plain text).
    /// </summary>
    public IReadOnlyList<TextBlock> Blocks { get; init; } = [];
}

/// <summary>
/// One document's bytes as an extractor sees them: the media type the loader settled on (from the bytes, the name
/// and the sender's Content-Type), the shared text decoding step, and the time budget to check while working.
/// </summary>
public sealed class DocumentContent
{
    internal DocumentContent(string name, ReadOnlyMemory<byte> bytes, string mediaType, string? charset, ExtractionBudget budget, IngestionOptions limits)
    {
        Name = name;
        Bytes = bytes;
        MediaType = mediaType;
        Charset = charset;
        Budget = budget;
        Limits = limits;
    }

    /// <summary>The file name the user knows the document by; messages name it.</summary>
    public string Name { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public string MediaType { get; }

    /// <summary>The charset the sender declared (HTTP Content-Type), if any.</summary>
    public string? Charset { get; }

    public ExtractionBudget Budget { get; }

    public IngestionOptions Limits { get; }

    /// <summary>The bytes as text: byte order mark, declared charset, strict UTF-8, then (HTML only) its meta charset.</summary>
    public string DecodeText() => TextDecoder.Decode(Bytes.Span, Name, Charset, isHtml: MediaType == MediaTypes.Html);
}

/// <summary>Turns one format's bytes into an <see cref="ExtractedDocument"/>; each extractor says what it reads.</summary>
public interface IDocumentExtractor
{
    /// <summary>The media types this extractor reads ("application/pdf").</summary>
    IReadOnlyCollection<string> MediaTypes { get; }

    /// <summary>The file extensions that name those types, lowercase with the dot (".md").</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>Extracts title, main text, date and sections. Throws <see cref="DocumentRejectedException"/> on unusable input.</summary>
    ExtractedDocument Extract(DocumentContent content);
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
    TimeSpan Elapsed)
{
    /// <summary>Pages of the document (PDF), else null.</summary>
    public int? PageCount { get; init; }
}
