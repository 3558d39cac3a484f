using System.Runtime.InteropServices;
using Briefer.Core.Documents;
using Microsoft.Data.Sqlite;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>Reads one scope's vectors out of the database into a <see cref="ScopeVectors"/> snapshot.</summary>
internal static class ScopeVectorLoader
{
    /// <summary>The scope's write counter (0 when it was never written).</summary>
    public static async Task<long> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, ScopeId scope, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM scope_versions WHERE scope = $scope";
        command.Parameters.AddWithValue("$scope", scope.Value);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : 0;
    }

    /// <summary>
    /// Loads the scope's vectors and the version they belong to, in one read transaction so the two agree. Arrays are
    /// sized from a count taken in the same transaction, so a load never holds more than its snapshot's memory; the
    /// matrix comes from <paramref name="rent"/> (rows, dimensions) and is given back if the load fails.
    /// </summary>
    public static async Task<ScopeVectors> LoadAsync(SqliteConnection connection, ScopeId scope, int dimensions, Func<int, int, VectorMatrix> rent, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: true);
        var version = await ReadVersionAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);

        long count;
        await using (var counter = connection.CreateCommand())
        {
            counter.Transaction = transaction;
            counter.CommandText = "SELECT count(*) FROM chunks WHERE scope = $scope";
            counter.Parameters.AddWithValue("$scope", scope.Value);
            count = (long)(await counter.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var rows = checked((int)count);
        var rowIds = new long[count];
        var published = new DateOnly?[count];
        var visibility = new ushort[count];
        var keys = new Dictionary<string, ushort>(StringComparer.Ordinal);
        var matrix = rent(rows, dimensions);
        var rowBytes = dimensions * sizeof(float);
        var buffer = new byte[rowBytes];
        try
        {
            await ReadRowsAsync().ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            matrix.Release();
            throw;
        }

        var table = new string[keys.Count];
        foreach (var (key, ordinal) in keys)
        {
            table[ordinal] = key;
        }

        return new ScopeVectors(scope, version, matrix, rowIds, published, table, visibility);

        async Task ReadRowsAsync()
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                SELECT c.rowid, c.embedding, d.published_at, c.visibility
                FROM chunks c JOIN documents d ON d.scope = c.scope AND d.id = c.document_id
                WHERE c.scope = $scope
                """;
            command.Parameters.AddWithValue("$scope", scope.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var i = 0;
            while (i < count && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetBytes(1, 0, buffer, 0, rowBytes) != rowBytes)
                {
                    throw new InvalidOperationException($"A stored vector of scope '{scope}' does not have {dimensions} dimensions; the database is damaged.");
                }

                rowIds[i] = reader.GetInt64(0);
                MemoryMarshal.Cast<byte, float>(buffer).CopyTo(matrix.Row(i));
                published[i] = SqliteDocumentStore.ParseDate(reader, 2);
                var key = reader.GetString(3);
                if (!keys.TryGetValue(key, out var ordinal))
                {
                    if (keys.Count == ushort.MaxValue)
                    {
                        throw new InvalidOperationException($"Scope '{scope}' holds more than {ushort.MaxValue} distinct visibilities; the store cannot filter it.");
                    }

                    ordinal = (ushort)keys.Count;
                    keys.Add(key, ordinal);
                }

                visibility[i] = ordinal;
                i++;
            }
        }
    }
}
