using System.ComponentModel.DataAnnotations;

namespace Briefer.Storage.Qdrant;

/// <summary>
/// Settings of the Qdrant store (section <c>Store:Qdrant</c>; used when <c>Store:Provider</c> is <c>Qdrant</c>).
/// <see cref="Url"/> and <see cref="ApiKey"/> may also come from the environment variables <c>QDRANT_URL</c> and
/// <c>QDRANT_API_KEY</c>; a value in the <c>Store:Qdrant</c> section wins over them.
/// </summary>
public sealed class QdrantStoreOptions
{
    public const string Section = "Store:Qdrant";

    /// <summary>The environment variable that supplies <see cref="Url"/> when the section does not.</summary>
    public const string UrlVariable = "QDRANT_URL";

    /// <summary>The environment variable that supplies <see cref="ApiKey"/> when the section does not.</summary>
    public const string ApiKeyVariable = "QDRANT_API_KEY";

    /// <summary>
    /// Qdrant's gRPC endpoint (port 6334 by default; 6333 is the REST port and does not work here).
    /// Use <c>https://</c> for Qdrant Cloud or any server behind TLS.
    /// </summary>
    [Required]
    public Uri Url { get; set; } = new("http://localhost:6334");

    /// <summary>The API key, when the server requires one. A secret: from the environment or user-secrets, never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The collection holding every scope's chunks (scopes are separated by a tenant-indexed payload field).</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9_-]{1,200}$", ErrorMessage = "Store:Qdrant:Collection must be 1-200 letters, digits, '_' or '-'.")]
    public string Collection { get; set; } = "briefer_chunks";

    /// <summary>How many points one upsert request carries.</summary>
    [Range(1, 1024)]
    public int UpsertBatchSize { get; set; } = 64;

    /// <summary>The deadline of one request to Qdrant (each retry gets a fresh one).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a request that failed transiently (server unavailable, overloaded, deadline) is tried again.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first back-off delay; each further retry doubles it (with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The average chunk length, in analysed terms, that BM25's length normalisation divides by. A constant rather than a
    /// running average: stored sparse vectors then never go stale, and replicas and processes writing at the same time
    /// need no shared counter. The default fits the default chunks of 256 model tokens: a full chunk of English news is
    /// about 190 words, of which ~140 survive the analyzer's (short) stop list, plus the title; a document's last chunk
    /// is usually shorter, so the average is a little lower. Changing it affects only documents ingested afterwards.
    /// </summary>
    [Range(1.0, 100_000.0)]
    public double Bm25AverageTerms { get; set; } = 128;

    /// <summary>Shards of a new collection; null leaves it to the server (one per node in a cluster).</summary>
    [Range(1, 1024)]
    public int? ShardNumber { get; set; }

    /// <summary>Copies of each shard in a new collection (2 or more in a cluster); null leaves it to the server.</summary>
    [Range(1, 16)]
    public int? ReplicationFactor { get; set; }

    /// <summary>The URL as it may appear in messages and logs: without any user information.</summary>
    internal string SafeUrl => new UriBuilder(Url) { UserName = string.Empty, Password = string.Empty }.Uri.ToString().TrimEnd('/');
}
