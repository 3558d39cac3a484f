using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Briefer.Core.Documents;
using Microsoft.Data.Sqlite;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// Each scope's chunk vectors, held in memory as one contiguous matrix for exact SIMD search.
/// A per-scope version counter, bumped in the same transaction as every write, tells when the copy is stale —
/// also when another process wrote to the same database file.
/// </summary>
internal sealed class ScopeVectorCache(int dimensions)
{
    private readonly ConcurrentDictionary<ScopeId, ScopeVectors> _scopes = new();
    private readonly SemaphoreSlim _loadLock = new(1, 1);

    public async Task<ScopeVectors> GetAsync(SqliteConnection connection, ScopeId scope, CancellationToken cancellationToken)
    {
        var version = await ReadVersionAsync(connection, null, scope, cancellationToken).ConfigureAwait(false);
        if (_scopes.TryGetValue(scope, out var cached) && cached.Version == version)
        {
            return cached;
        }

        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_scopes.TryGetValue(scope, out cached) && cached.Version == version)
            {
                return cached;
            }

            var loaded = await LoadAsync(connection, scope, version, cancellationToken).ConfigureAwait(false);
            _scopes[scope] = loaded;
            return loaded;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async Task<ScopeVectors> LoadAsync(SqliteConnection connection, ScopeId scope, long version, CancellationToken cancellationToken)
    {
        // Read the version again inside one read transaction with the rows, so the copy and its version agree.
        await using var transaction = connection.BeginTransaction(deferred: true);
        version = await ReadVersionAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT c.rowid, c.embedding, d.published_at
            FROM chunks c JOIN documents d ON d.scope = c.scope AND d.id = c.document_id
            WHERE c.scope = $scope
            """;
        command.Parameters.AddWithValue("$scope", scope.Value);
        var rowIds = new List<long>();
        var published = new List<DateOnly?>();
        var matrix = new List<float>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rowIds.Add(reader.GetInt64(0));
                var blob = (byte[])reader.GetValue(1);
                matrix.AddRange(MemoryMarshal.Cast<byte, float>(blob));
                published.Add(SqliteDocumentStore.ParseDate(reader, 2));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ScopeVectors(version, dimensions, [.. rowIds], [.. matrix], [.. published]);
    }

    private static async Task<long> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, ScopeId scope, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM scope_versions WHERE scope = $scope";
        command.Parameters.AddWithValue("$scope", scope.Value);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : 0;
    }
}

/// <summary>An immutable snapshot of one scope's vectors.</summary>
internal sealed class ScopeVectors(long version, int dimensions, long[] rowIds, float[] matrix, DateOnly?[] publishedAt)
{
    public long Version { get; } = version;

    public int Count => rowIds.Length;

    /// <summary>Exact top-k by dot product (= cosine, vectors are normalised).</summary>
    public IReadOnlyList<(long RowId, double Score)> Search(ReadOnlySpan<float> query, int k, DateOnly? publishedSince)
    {
        if (query.Length != dimensions)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The query vector has {query.Length} dimensions; the store holds {dimensions}."), nameof(query));
        }

        if (k <= 0 || rowIds.Length == 0)
        {
            return [];
        }

        // A bounded min-heap keeps the best k: O(n log k), no full sort.
        var heap = new PriorityQueue<int, float>(k + 1);
        var matrixSpan = matrix.AsSpan();
        for (var i = 0; i < rowIds.Length; i++)
        {
            if (publishedSince is { } since && (publishedAt[i] is not { } date || date < since))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(query, matrixSpan.Slice(i * dimensions, dimensions));
            if (heap.Count < k)
            {
                heap.Enqueue(i, score);
            }
            else if (heap.TryPeek(out _, out var worst) && score > worst)
            {
                heap.DequeueEnqueue(i, score);
            }
        }

        var results = new (long RowId, double Score)[heap.Count];
        for (var j = results.Length - 1; j >= 0; j--)
        {
            heap.TryDequeue(out var index, out var score);
            results[j] = (rowIds[index], score);
        }

        return results;
    }
}
