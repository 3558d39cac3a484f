using System.ComponentModel.DataAnnotations;

namespace Briefer.Core.Storage;

/// <summary>Settings of the document store (section <c>Store</c>).</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>The environment variable that overrides <see cref="DataDirectory"/>.</summary>
    public const string DataDirectoryVariable = "BRIEFER_DATA_DIR";

    /// <summary>
    /// Which store holds documents and vectors: <see cref="DocumentStoreSetup.Sqlite"/> (one file in the data directory,
    /// nothing to run beside Briefer) or a store another project adds by name (<c>Qdrant</c>); case is ignored.
    /// </summary>
    public string Provider { get; set; } = DocumentStoreSetup.Sqlite;

    /// <summary>
    /// Where Briefer keeps its data (the SQLite file <c>briefer.db</c>). Default: <c>Briefer/data</c> under the user's
    /// local application data (<c>~/.local/share</c> on Linux, <c>%LOCALAPPDATA%</c> on Windows).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>
    /// Opens the store for reading only (SQLite store): ask, brief and sources work, ingest and forget are refused. Also
    /// what happens on its own when the data directory cannot be written (a read-only mount or volume).
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>How long a write waits for another process's write to finish before failing.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The memory the embedded store may use to keep scopes' vectors for dense search (SQLite store only), in bytes.
    /// A chunk takes about 1.6 KB (384 floats); past the budget, the least recently searched scopes are dropped and
    /// loaded again when next searched. The default, 256 MiB (about 165,000 chunks), suits a 1–2 GB VM; the largest scope
    /// should fit in it, else its every search reloads its vectors.
    /// </summary>
    [Range(typeof(long), "1048576", "1099511627776")]
    public long VectorCacheBytes { get; set; } = DefaultVectorCacheBytes;

    /// <summary>256 MiB.</summary>
    public const long DefaultVectorCacheBytes = 256L * 1024 * 1024;

    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "Briefer", "data");
}
