using System.Collections.Concurrent;
using System.Globalization;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Microsoft.Data.Sqlite;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// BM25 over the FTS5 index, in two passes so that a large scope stays fast. FTS5's <c>bm25()</c> is evaluated for every
/// row that matches any query term, and a term found in a large share of the chunks (SciFact's "cell", "patient") makes
/// that most of the scope. So: (1) a candidate pass ranks by <c>bm25()</c> over the query's rarer terms only (each in at
/// most <see cref="CommonTermShare"/> of the indexed chunks), capped at <see cref="CandidatesFor"/> rows; (2) those
/// candidates are scored with the full query by the very formula <c>bm25()</c> uses (same IDF, same length
/// normalisation, same statistics), so every returned score is exact BM25 and the order is BM25's order. A chunk can
/// only be missed if it ranks below the candidate cap on the rare terms yet makes the top on common ones, where
/// IDF is lowest. When every term is rare, one pass gives the exact answer directly.
/// </summary>
/// <remarks>
/// Measured in docs/benchmarks.md against the alternatives (dropping common terms, an unscoped or "prefix-free" MATCH,
/// a contentless table): at 100k chunks the BM25 half is ~5× cheaper, and SciFact nDCG@10 does not move.
/// Document frequencies come from an fts5vocab table and are cached per index version (bumped by every write).
/// </remarks>
internal sealed class Fts5KeywordSearch
{
    /// <summary>A term in more than this share of the index's chunks is "common": left out of the candidate pass.</summary>
    public const double CommonTermShare = 0.05;

    /// <summary>
    /// ... and in more than this many chunks: below it a term costs little to score, so small scopes are always searched
    /// exactly in one pass.
    /// </summary>
    public const long CommonTermFloor = 2_000;

    /// <summary>FTS5's bm25() parameters (its defaults, and Lucene's).</summary>
    private const double K1 = 1.2;
    private const double B = 0.75;

    private const int MaxCachedTerms = 100_000;

    private volatile IndexStatistics? _statistics;

    /// <summary>
    /// Candidates the first pass keeps for a search returning <paramref name="limit"/> rows: 300 for <c>ask</c>'s 50
    /// (tuned on SciFact train grown to 100k chunks: 100 lost 0.001 nDCG@10, 300 none).
    /// </summary>
    public static int CandidatesFor(int limit) => Math.Max(300, 6 * limit);

    /// <summary>The best <paramref name="limit"/> chunks of the query's scope by BM25, best first, honouring its filters.</summary>
    public async Task<IReadOnlyList<(long RowId, double Score)>> SearchAsync(SqliteConnection connection, SearchQuery query, int limit, HiddenChunks? hidden, CancellationToken cancellationToken)
    {
        var terms = KeywordAnalyzer.AnalyzeQuery(query.Text);
        if (terms.Count == 0 || limit <= 0)
        {
            return [];
        }

        var statistics = await StatisticsAsync(connection, cancellationToken).ConfigureAwait(false);
        var frequencies = await FrequenciesAsync(connection, statistics, terms, cancellationToken).ConfigureAwait(false);
        var common = Math.Max(CommonTermShare * statistics.Rows, CommonTermFloor);
        var rare = terms.Where(t => frequencies[t] <= common).ToList();
        if (rare.Count == terms.Count)
        {
            return await RankAsync(connection, query, terms, limit, hidden, cancellationToken).ConfigureAwait(false);
        }

        if (rare.Count == 0)
        {
            // Every term is common: candidates come from the least common one.
            rare = [terms.MinBy(t => frequencies[t])!];
        }

        var candidates = await RankAsync(connection, query, rare, CandidatesFor(limit), hidden, cancellationToken).ConfigureAwait(false);
        if (candidates.Count < limit)
        {
            // The rare terms cannot fill the result: chunks with only common terms belong in it, so search exactly.
            return await RankAsync(connection, query, terms, limit, hidden, cancellationToken).ConfigureAwait(false);
        }

        return await RescoreAsync(connection, statistics, frequencies, candidates, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SQL that bumps the index version; runs in every write transaction.</summary>
    public const string BumpVersionSql = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'keyword_version'";

    /// <summary>Schema additions: the version row and the vocabulary table the document frequencies are read from.</summary>
    public const string Schema = """
        INSERT OR IGNORE INTO meta (key, value) VALUES ('keyword_version', '0');
        CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts_vocab USING fts5vocab(chunks_fts, 'row');
        """;

    private static async Task<IReadOnlyList<(long RowId, double Score)>> RankAsync(SqliteConnection connection, SearchQuery query, IReadOnlyList<string> terms, int limit, HiddenChunks? hidden, CancellationToken cancellationToken)
    {
        // The scope filter is part of the FTS5 query itself; bm25() gives the scope column weight 0 so it never scores.
        var match = $"scope_key : {SqliteDocumentStore.ScopeKey(query.Scope)} AND terms : ({string.Join(" OR ", terms.Select(t => "\"" + t + "\""))})";
        await using var command = connection.CreateCommand();
        var filters = new List<string>();
        if (query.PublishedSince is { } since)
        {
            filters.Add("d.published_at >= $since");
            command.Parameters.AddWithValue("$since", since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (query.Documents is { } documents)
        {
            filters.Add("c.document_id IN (SELECT value FROM json_each($documents))");
            command.Parameters.AddWithValue("$documents", SqliteDocumentStore.JsonIds(documents));
        }

        var joined = filters.Count > 0;
        if (hidden is not null)
        {
            // Hidden chunks are left out before ranking, so they never take one of the limit's slots.
            filters.Add(SqliteVisibility.FtsCondition);
            command.Parameters.AddWithValue("$scope", query.Scope.Value);
            command.Parameters.AddWithValue("$hiddenKeys", hidden.KeysJson);
        }

        command.CommandText = filters.Count == 0
            ? "SELECT rowid, -bm25(chunks_fts, 0.0, 1.0) AS score FROM chunks_fts WHERE chunks_fts MATCH $match ORDER BY score DESC LIMIT $limit"
            : !joined
            ? $"SELECT f.rowid, -bm25(chunks_fts, 0.0, 1.0) AS score FROM chunks_fts f WHERE chunks_fts MATCH $match AND {string.Join(" AND ", filters)} ORDER BY score DESC LIMIT $limit"
            : $"""
              SELECT f.rowid, -bm25(chunks_fts, 0.0, 1.0) AS score
              FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid JOIN documents d ON d.scope = c.scope AND d.id = c.document_id
              WHERE chunks_fts MATCH $match AND {string.Join(" AND ", filters)}
              ORDER BY score DESC LIMIT $limit
              """;
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", limit);

        var results = new List<(long, double)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add((reader.GetInt64(0), reader.GetDouble(1)));
        }

        return results;
    }

    /// <summary>
    /// Scores the candidates with every query term, as bm25() would: Σ idf·tf·(k1+1) / (tf + k1·(1 − b + b·|D|/avgdl)),
    /// idf = ln((N − n + 0.5) / (n + 0.5)) floored at 1e-6, |D| counting every column's tokens (the scope key is one).
    /// </summary>
    private static async Task<IReadOnlyList<(long RowId, double Score)>> RescoreAsync(
        SqliteConnection connection, IndexStatistics statistics, Dictionary<string, long> frequencies, IReadOnlyList<(long RowId, double Score)> candidates, int limit, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var terms = frequencies.Keys.ToArray();
        var idf = terms.Select(t => Idf(statistics.Rows, frequencies[t])).ToArray();
        var positions = terms.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var tf = new int[terms.Length];
        var scored = new List<(long RowId, double Score)>(candidates.Count);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid, terms FROM chunks_fts WHERE rowid IN (SELECT value FROM json_each($rows))";
        command.Parameters.AddWithValue("$rows", "[" + string.Join(',', candidates.Select(c => c.RowId.ToString(CultureInfo.InvariantCulture))) + "]");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            Array.Clear(tf);
            var text = reader.GetString(1).AsSpan();
            var length = 1; // the scope key
            foreach (var range in text.Split(' '))
            {
                var token = text[range];
                if (token.IsEmpty)
                {
                    continue;
                }

                length++;
                if (positions.TryGetValue(token, out var i))
                {
                    tf[i]++;
                }
            }

            var norm = K1 * (1 - B + (B * length / statistics.AverageLength));
            var score = 0.0;
            for (var i = 0; i < tf.Length; i++)
            {
                if (tf[i] > 0)
                {
                    score += idf[i] * tf[i] * (K1 + 1) / (tf[i] + norm);
                }
            }

            scored.Add((reader.GetInt64(0), score));
        }

        return [.. scored.OrderByDescending(s => s.Score).ThenBy(s => s.RowId).Take(limit)];
    }

    private static double Idf(long rows, long frequency)
    {
        var idf = Math.Log((rows - frequency + 0.5) / (frequency + 0.5));
        return idf <= 0 ? 1e-6 : idf;
    }

    private async Task<IndexStatistics> StatisticsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        long version;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT value FROM meta WHERE key = 'keyword_version'";
            version = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0, CultureInfo.InvariantCulture);
        }

        if (_statistics is { } current && current.Version == version)
        {
            return current;
        }

        // FTS5's own totals, from its "averages" record: the row count, then each column's token count.
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT block FROM chunks_fts_data WHERE id = 1";
            var block = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[] ?? [];
            var offset = 0;
            var rows = block.Length == 0 ? 0 : ReadVarint(block, ref offset);
            long tokens = 0;
            while (offset < block.Length)
            {
                tokens += ReadVarint(block, ref offset);
            }

            var statistics = new IndexStatistics(version, rows, rows == 0 ? 1 : (double)tokens / rows);
            _statistics = statistics;
            return statistics;
        }
    }

    private static async Task<Dictionary<string, long>> FrequenciesAsync(SqliteConnection connection, IndexStatistics statistics, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var term in terms)
        {
            if (statistics.Frequencies.TryGetValue(term, out var known))
            {
                result[term] = known;
            }
            else
            {
                missing.Add(term);
            }
        }

        if (missing.Count > 0)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM chunks_fts_vocab WHERE term = $term";
            var parameter = command.Parameters.Add("$term", SqliteType.Text);
            foreach (var term in missing)
            {
                parameter.Value = term;
                var frequency = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long n ? n : 0;
                result[term] = frequency;
                if (statistics.Frequencies.Count < MaxCachedTerms)
                {
                    statistics.Frequencies[term] = frequency;
                }
            }
        }

        return result;
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

    /// <summary>The index's totals and the document frequencies looked up so far, valid for one index version.</summary>
    private sealed record IndexStatistics(long Version, long Rows, double AverageLength)
    {
        public ConcurrentDictionary<string, long> Frequencies { get; } = new(StringComparer.Ordinal);
    }
}
