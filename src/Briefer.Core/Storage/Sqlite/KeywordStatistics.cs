using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// The BM25 statistics of the FTS5 index: its row count and average length (read from FTS5's own "averages" record
/// once per index version) and the document frequency of every term looked up so far, which is the costly part
/// (the <c>fts5vocab</c> lookup of a common term walks its whole posting list). The frequencies are exact for one index
/// version and are kept across this store's own writes: a write reports the terms of the chunks it removed and added,
/// and the cached frequencies move by exactly that, so a bot that ingests often keeps its warm cache. A write by another
/// process (a CLI ingest beside the bot) is seen as a version this store did not make and clears the cache.
/// </summary>
/// <remarks>
/// Frequencies are only cached when the index version read before and after looking them up is the same (no write
/// committed in between), and only while no write of this store is between its commit and <see cref="Complete"/>.
/// </remarks>
internal sealed class KeywordStatistics
{
    /// <summary>The most terms kept; past it, new terms are looked up on every search that needs them.</summary>
    public const int MaxCachedTerms = 500_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _frequencies = new(StringComparer.Ordinal);
    private long _version = -1;
    private int _writes;
    private (long Version, long Rows, double AverageLength) _totals = (-1, 0, 1);

    /// <summary>The schema additions: the version row bumped by every write, and the vocabulary table.</summary>
    public const string Schema = """
        INSERT OR IGNORE INTO meta (key, value) VALUES ('keyword_version', '0');
        CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts_vocab USING fts5vocab(chunks_fts, 'row');
        """;

    /// <summary>The SQL that bumps the index version and returns the new one; runs in every write transaction.</summary>
    public const string BumpVersionSql = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'keyword_version' RETURNING CAST(value AS INTEGER)";

    /// <summary>How many terms are cached now, and for which index version (for tests and diagnostics).</summary>
    public (int Terms, long Version) Cached
    {
        get
        {
            lock (_gate)
            {
                return (_frequencies.Count, _version);
            }
        }
    }

    /// <summary>The cached document frequency of <paramref name="term"/>, if it is cached.</summary>
    public long? CachedFrequency(string term)
    {
        lock (_gate)
        {
            return _frequencies.TryGetValue(term, out var frequency) ? frequency : null;
        }
    }

    /// <summary>The index totals and the document frequency of each of <paramref name="terms"/>.</summary>
    public async Task<IndexStatistics> ReadAsync(SqliteConnection connection, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(connection, cancellationToken).ConfigureAwait(false);
        (long Version, long Rows, double AverageLength) totals;
        lock (_gate)
        {
            totals = _totals;
        }

        if (totals.Version != version)
        {
            // Read once per index version: the totals of a version never change.
            var (read, average) = await TotalsAsync(connection, cancellationToken).ConfigureAwait(false);
            totals = (version, read, average);
            if (await VersionAsync(connection, cancellationToken).ConfigureAwait(false) == version)
            {
                lock (_gate)
                {
                    _totals = totals;
                }
            }
        }

        var (_, rows, averageLength) = totals;
        var frequencies = new Dictionary<string, long>(StringComparer.Ordinal);
        var missing = new List<string>();
        lock (_gate)
        {
            if (_version != version && _writes == 0 && _version < version)
            {
                // A version this store did not make (another process wrote): what is cached may be wrong.
                _frequencies.Clear();
                _version = version;
            }

            var usable = _version == version;
            foreach (var term in terms)
            {
                if (usable && _frequencies.TryGetValue(term, out var known))
                {
                    frequencies[term] = known;
                }
                else
                {
                    missing.Add(term);
                }
            }
        }

        if (missing.Count > 0)
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT doc FROM chunks_fts_vocab WHERE term = $term";
                var parameter = command.Parameters.Add("$term", SqliteType.Text);
                foreach (var term in missing)
                {
                    parameter.Value = term;
                    frequencies[term] = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long n ? n : 0;
                }
            }

            // Cache only what was read at one version: no write committed between the two reads of it.
            if (await VersionAsync(connection, cancellationToken).ConfigureAwait(false) == version)
            {
                lock (_gate)
                {
                    if (_version == version && _writes == 0)
                    {
                        foreach (var term in missing.TakeWhile(_ => _frequencies.Count < MaxCachedTerms))
                        {
                            _frequencies[term] = frequencies[term];
                        }
                    }
                }
            }
        }

        return new IndexStatistics(rows, averageLength, frequencies);
    }

    /// <summary>Starts a write: until <see cref="Complete"/> or <see cref="Abandon"/>, nothing read is cached.</summary>
    public KeywordWrite BeginWrite()
    {
        lock (_gate)
        {
            _writes++;
        }

        return new KeywordWrite();
    }

    /// <summary>
    /// The write committed, making index version <paramref name="version"/>: the cached frequencies move by its deltas
    /// when the cache was exact for the version before it; otherwise (another writer in between) the cache is cleared.
    /// </summary>
    public void Complete(KeywordWrite write, long version)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_gate)
        {
            _writes--;
            if (_version == version - 1)
            {
                foreach (var (term, delta) in write.Deltas)
                {
                    if (_frequencies.TryGetValue(term, out var known))
                    {
                        _frequencies[term] = known + delta;
                    }
                }

                _version = version;
            }
            else
            {
                _frequencies.Clear();
                _version = -1;
            }
        }
    }

    /// <summary>The write was rolled back: the index did not change.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _writes--;
        }
    }

    private static async Task<long> VersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'keyword_version'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0, CultureInfo.InvariantCulture);
    }

    /// <summary>FTS5's own totals, from its "averages" record: the row count, then each column's token count.</summary>
    private static async Task<(long Rows, double AverageLength)> TotalsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT block FROM chunks_fts_data WHERE id = 1";
        var block = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[] ?? [];
        var offset = 0;
        var rows = block.Length == 0 ? 0 : ReadVarint(block, ref offset);
        long tokens = 0;
        while (offset < block.Length)
        {
            tokens += ReadVarint(block, ref offset);
        }

        return (rows, rows == 0 ? 1 : (double)tokens / rows);
    }

    /// <summary>An SQLite varint (big-endian, 7 bits a byte, the ninth byte whole), as FTS5 writes its records.</summary>
    private static long ReadVarint(byte[] buffer, ref int offset)
    {
        long value = 0;
        for (var i = 0; i < 9 && offset < buffer.Length; i++)
        {
            var b = buffer[offset++];
            if (i == 8)
            {
                return (value << 8) | b;
            }

            value = (value << 7) | (long)(b & 0x7F);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return value;
    }
}

/// <summary>The index totals and the query terms' document frequencies, for one search.</summary>
internal sealed record IndexStatistics(long Rows, double AverageLength, IReadOnlyDictionary<string, long> Frequencies);

/// <summary>What one write does to the document frequencies: −1 per removed chunk holding a term, +1 per added one.</summary>
internal sealed class KeywordWrite
{
    private readonly Dictionary<string, long> _deltas = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Deltas => _deltas;

    /// <summary>A chunk with these (space-separated, as indexed) terms was added (<paramref name="sign"/> +1) or removed (−1).</summary>
    public void Count(string indexedTerms, int sign)
    {
        ArgumentNullException.ThrowIfNull(indexedTerms);
        foreach (var term in indexedTerms.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal))
        {
            _deltas[term] = _deltas.GetValueOrDefault(term) + sign;
        }
    }
}
