using System.Globalization;
using System.Net.Http.Headers;
using Briefer.Core.Documents;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Turns the raw bytes of a <see cref="DocumentSource"/> into an <see cref="ExtractedDocument"/>: checks the size,
/// settles the media type (the bytes first, so a PDF renamed <c>.txt</c> is still a PDF; then the extension; then the
/// sender's Content-Type), and hands the bytes to the extractor that declared that type. Anything unusable is refused
/// with a <see cref="DocumentRejectedException"/> whose message names the file, says what is wrong and what to do.
/// </summary>
public sealed class DocumentLoader
{
    private const int OneLineTitleWords = 6;

    private readonly Dictionary<string, IDocumentExtractor> _byMediaType = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _mediaTypeByExtension = new(StringComparer.OrdinalIgnoreCase);
    private readonly IngestionOptions _options;
    private readonly TimeProvider _time;

    public DocumentLoader(IEnumerable<IDocumentExtractor> extractors, IOptions<IngestionOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(extractors);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var extractor in extractors)
        {
            var primary = extractor.MediaTypes.FirstOrDefault()
                ?? throw new ArgumentException($"{extractor.GetType().Name} declares no media type.", nameof(extractors));
            foreach (var mediaType in extractor.MediaTypes)
            {
                if (!_byMediaType.TryAdd(mediaType, extractor))
                {
                    throw new ArgumentException(
                        $"Two document extractors claim '{mediaType}': {_byMediaType[mediaType].GetType().Name} and {extractor.GetType().Name}.",
                        nameof(extractors));
                }
            }

            foreach (var extension in extractor.Extensions)
            {
                if (!_mediaTypeByExtension.TryAdd(extension, primary))
                {
                    throw new ArgumentException($"Two document extractors claim '{extension}'.", nameof(extractors));
                }
            }
        }

        _options = options.Value;
        _time = time ?? TimeProvider.System;
        SupportedExtensions = [.. _mediaTypeByExtension.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The file extensions that can be ingested, lowercase with the dot, sorted.</summary>
    public IReadOnlyList<string> SupportedExtensions { get; }

    /// <summary>The limits in force (size, time, nesting).</summary>
    public IngestionOptions Options => _options;

    /// <summary>A fresh time budget for one document, as configured.</summary>
    public ExtractionBudget CreateBudget(string name) => new(name, _options.ExtractionTimeout, _time);

    /// <summary>Decodes and extracts <paramref name="source"/>.</summary>
    /// <exception cref="DocumentRejectedException">The document cannot be ingested; the message is fit to show the user.</exception>
    public ExtractedDocument Load(DocumentSource source, ExtractionBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var name = DisplayName(source);
        var (declaredType, charset) = ParseContentType(source.ContentType);
        var bytes = source.Content;

        if (bytes.Length == 0)
        {
            throw Reject(name, "is empty (0 bytes). Check that the file was saved or uploaded completely, then send it again.");
        }

        if (bytes.Length > _options.MaxDocumentBytes)
        {
            throw Reject(
                name,
                $"is {FormatSize(bytes.Length)}, over the {FormatSize(_options.MaxDocumentBytes)} limit ({IngestionOptions.Section}:{nameof(IngestionOptions.MaxDocumentBytes)}). "
                + "Split it into smaller documents, or ask the operator to raise the limit.");
        }

        var mediaType = SelectMediaType(source, bytes.Span, declaredType, name);
        var extractor = _byMediaType[mediaType];
        budget ??= CreateBudget(name);
        var document = extractor.Extract(new DocumentContent(name, bytes, mediaType, charset, budget, _options));
        budget.Check();
        if (string.IsNullOrWhiteSpace(document.Text))
        {
            throw Reject(
                name,
                "has no readable text left after extraction (for a web page, its content may be built by scripts or be only navigation). "
                + "Save the article's text as .txt or .md and send that instead.");
        }

        return WithQuotableText(document);
    }

    /// <summary>The name messages use for a source: its file name, else the source itself.</summary>
    public static string DisplayName(DocumentSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return string.IsNullOrWhiteSpace(source.FileName) ? source.Source : source.FileName;
    }

    /// <summary>
    /// A document of one line (most text pasted into Discord) would have that line as its title, and title lines are
    /// never quoted as evidence: such a document could be found but never cited. Its title becomes the line's opening
    /// words instead, so the line itself stays quotable.
    /// </summary>
    private static ExtractedDocument WithQuotableText(ExtractedDocument document)
    {
        var text = document.Text.Trim();
        if (text.Contains('\n', StringComparison.Ordinal) || !string.Equals(text.TrimEnd('.'), document.Title.Trim().TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            return document;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            return document;
        }

        var take = Math.Min(OneLineTitleWords, words.Length - 1);
        return document with { Title = string.Join(' ', words.Take(take)).TrimEnd(',', ';', ':') + "…" };
    }

    private string SelectMediaType(DocumentSource source, ReadOnlySpan<byte> bytes, string? declaredType, string name)
    {
        var sniffed = MediaTypeSniffer.Sniff(bytes);
        if (sniffed.Unsupported is { } unsupported)
        {
            throw Reject(name, unsupported + ".");
        }

        if (sniffed.MediaType is { } fromBytes)
        {
            return _byMediaType.ContainsKey(fromBytes)
                ? fromBytes
                : throw Reject(name, $"is a {fromBytes} file, which this Briefer does not read. Supported formats: {string.Join(", ", SupportedExtensions)}.");
        }

        // The bytes are text (or unrecognised): the name, then the sender's media type, say which text format.
        var extension = Path.GetExtension(source.FileName ?? string.Empty);
        var claimed = !string.IsNullOrEmpty(extension) && _mediaTypeByExtension.TryGetValue(extension, out var byExtension)
            ? byExtension
            : declaredType is not null && _byMediaType.TryGetValue(declaredType, out var byDeclared) ? byDeclared.MediaTypes.First() : null;

        if (claimed is MediaTypes.Pdf or MediaTypes.Docx)
        {
            var what = claimed == MediaTypes.Pdf ? "a PDF (it does not start with %PDF-)" : "a Word document (it is not a .docx ZIP package)";
            throw Reject(name, $"is named or labelled as {(claimed == MediaTypes.Pdf ? "PDF" : "Word")}, but its content is not {what}: it is damaged, or another kind of file renamed. Export or download it again.");
        }

        if (claimed is not null)
        {
            return claimed;
        }

        if (LooksLikeHtml(bytes) && _byMediaType.ContainsKey(MediaTypes.Html))
        {
            return MediaTypes.Html;
        }

        var supported = string.Join(", ", SupportedExtensions);
        var reason = string.IsNullOrEmpty(extension)
            ? "has no file extension, so its format is unknown"
            : $"is a '{extension.ToLowerInvariant()}' file, which is not supported";
        throw Reject(name, $"{reason}. Supported formats: {supported}. Convert it to one of these (or rename it if it already is one), then send it again.");
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> bytes)
    {
        var head = System.Text.Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 512)]).TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The media type and charset parameter of a Content-Type value ("text/html; charset=windows-1252").</summary>
    private static (string? MediaType, string? Charset) ParseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return (null, null);
        }

        if (MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            var charset = parsed.CharSet?.Trim().Trim('"', '\'').Trim();
            return (parsed.MediaType, string.IsNullOrEmpty(charset) ? null : charset);
        }

        // Malformed parameters should not cost us the media type, which picks the extractor.
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return (mediaType.Length == 0 ? null : mediaType, null);
    }

    private static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private static DocumentRejectedException Reject(string name, string reason) =>
        new($"'{name}' was not ingested: it {reason}");
}
