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
/// Document frequencies come from an fts5vocab table and are cached by <see cref="KeywordStatistics"/>, across this
/// store's own writes.
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

    /// <summary>The index totals and the document frequencies, kept across this store's own writes.</summary>
    public KeywordStatistics Statistics { get; } = new();

    /// <summary>
    /// Candidates the first pass keeps for a search returning <paramref name="limit"/> rows: 300 for <c>ask</c>'s 50
    /// (tuned on SciFact train grown to 100k chunks: 100 lost 0.001 nDCG@10, 300 none).
    /// </summary>
    public static int CandidatesFor(int limit) => Math.Max(300, 6 * limit);

    /// <summary>The least margin a filtered search ranks beyond its limit before dropping hidden rows.</summary>
    internal const int OverFetchFloor = 50;

    /// <summary>The best <paramref name="limit"/> chunks of the query's scope by BM25, best first, honouring its filters.</summary>
    public async Task<IReadOnlyList<(long RowId, double Score)>> SearchAsync(SqliteConnection connection, SearchQuery query, int limit, HiddenChunks? hidden, CancellationToken cancellationToken)
    {
        var terms = KeywordAnalyzer.AnalyzeQuery(query.Text);
        if (terms.Count == 0 || limit <= 0)
        {
            return [];
        }

        var statistics = await Statistics.ReadAsync(connection, terms, cancellationToken).ConfigureAwait(false);
        var frequencies = statistics.Frequencies;
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

    private static async Task<IReadOnlyList<(long RowId, double Score)>> RankAsync(SqliteConnection connection, SearchQuery query, IReadOnlyList<string> terms, int limit, HiddenChunks? hidden, CancellationToken cancellationToken)
    {
        if (hidden is not null && query.PublishedSince is null && query.Documents is null)
        {
            // Hidden chunks are few in most scopes: rank a margin more than asked for without the filter, then drop the
            // hidden ones among them (read in the same snapshot). Exactly the best visible rows when enough remain;
            // otherwise rank again with the filter inside the query. Either way no hidden chunk takes a slot.
            var fetch = limit + Math.Max(limit, OverFetchFloor);
            await using var transaction = connection.BeginTransaction(deferred: true);
            var ranked = await RankCoreAsync(connection, transaction, query, terms, fetch, null, cancellationToken).ConfigureAwait(false);
            var hiddenRows = await SqliteVisibility.HiddenAmongAsync(connection, transaction, ranked.Select(r => r.RowId), hidden.Audience, cancellationToken).ConfigureAwait(false);
            var visible = ranked.Where(r => !hiddenRows.Contains(r.RowId)).Take(limit).ToList();
            if (visible.Count == limit || ranked.Count < fetch)
            {
                return visible;
            }
        }

        return await RankCoreAsync(connection, null, query, terms, limit, hidden, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<(long RowId, double Score)>> RankCoreAsync(SqliteConnection connection, SqliteTransaction? transaction, SearchQuery query, IReadOnlyList<string> terms, int limit, HiddenChunks? hidden, CancellationToken cancellationToken)
    {
        // The scope filter is part of the FTS5 query itself; bm25() gives the scope column weight 0 so it never scores.
        var match = $"scope_key : {SqliteDocumentStore.ScopeKey(query.Scope)} AND terms : ({string.Join(" OR ", terms.Select(t => "\"" + t + "\""))})";
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
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
        SqliteConnection connection, IndexStatistics statistics, IReadOnlyDictionary<string, long> frequencies, IReadOnlyList<(long RowId, double Score)> candidates, int limit, CancellationToken cancellationToken)
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
}
