using System.ComponentModel.DataAnnotations;

namespace Briefer.Core.Chunking;

/// <summary>How documents are cut into chunks for embedding. Bound from the <c>Chunking</c> section.</summary>
public sealed class ChunkingOptions
{
    public const string Section = "Chunking";

    /// <summary>
    /// The most tokens a chunk may have, special tokens included. Checked at start-up against the
    /// embedding model's limit by <see cref="ChunkingOptionsValidator"/>.
    /// </summary>
    [Range(32, int.MaxValue)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>How many sentences at the end of one chunk start the next, so a fact on a boundary is seen whole.</summary>
    [Range(0, 8)]
    public int OverlapSentences { get; set; } = 1;
}
