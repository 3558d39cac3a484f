using System.ComponentModel.DataAnnotations;

namespace Briefer.Core.Ingestion;

/// <summary>Limits on documents accepted for ingestion. Bound from the <c>Ingestion</c> section.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>20 MiB: far above any article or report, well below what would strain memory.</summary>
    public const long DefaultMaxDocumentBytes = 20L * 1024 * 1024;

    /// <summary>The largest document, in bytes, that is accepted (1 byte to 1 GiB).</summary>
    [Range(typeof(long), "1", "1073741824", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public long MaxDocumentBytes { get; set; } = DefaultMaxDocumentBytes;
}
