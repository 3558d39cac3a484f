using System.ComponentModel.DataAnnotations;

namespace Briefer.Core.Ingestion;

/// <summary>Limits on documents accepted for ingestion. Bound from the <c>Ingestion</c> section.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>20 MiB: far above any article or report, well below what would strain memory.</summary>
    public const long DefaultMaxDocumentBytes = 20L * 1024 * 1024;

    /// <summary>Deeper HTML nesting is flattened before parsing; real pages stay far below it.</summary>
    public const int DefaultMaxHtmlDepth = 256;

    /// <summary>The largest document, in bytes, that is accepted (1 byte to 1 GiB).</summary>
    [Range(typeof(long), "1", "1073741824", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public long MaxDocumentBytes { get; set; } = DefaultMaxDocumentBytes;

    /// <summary>What a compressed document (Word) may unpack to, all parts together; more is refused as a ZIP bomb.</summary>
    [Range(typeof(long), "1024", "4294967296", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public long MaxUncompressedBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>How long extracting and chunking one document may take before it is refused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ExtractionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>HTML elements nested deeper than this are flattened (their text kept) before the parser sees them.</summary>
    [Range(16, 4096)]
    public int MaxHtmlDepth { get; set; } = DefaultMaxHtmlDepth;

    /// <summary>
    /// The time limit for one whole ingest job started from Discord (download, extraction, embedding, storing); past
    /// it the admin is told so. Below Discord's 15-minute interaction token, so the reply always arrives.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:14:00")]
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
