using Briefer.Core.Documents;
using Microsoft.Data.Sqlite;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// Schema step 4 of the embedded store: a <c>visibility</c> column (a <see cref="Visibility.Key"/>) on documents and on
/// every chunk, indexed by scope, and the filter searches apply. Databases written before it gain the columns with the
/// value <c>everyone</c>, so nothing changes for documents nobody scoped.
/// </summary>
/// <remarks>
/// Searches ask first which restricted visibilities the scope holds (a few rows of an index) and which of them the
/// audience may not read. When there are none — every server that never scoped a document, and every reader who may
/// read all the restricted ones — the search runs exactly as before, with no filter. Otherwise the hidden chunks are
/// left out inside both queries, so neither takes a slot of the result: the exact dense scan skips rows by the
/// visibility each was loaded with (one array read per row); FTS5 ranks a few more rows than asked for and drops the
/// hidden ones among them (one indexed lookup of those rows), and only when too many of them were hidden does it rank
/// again with an indexed sub-select on <c>chunks(scope, visibility)</c> in the query.
/// </remarks>
internal static class SqliteVisibility
{
    public const int SchemaVersion = 4;

    /// <summary>Adds the columns and indexes if missing (in the caller's schema transaction).</summary>
    public static async Task MigrateAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var table in new[] { "documents", "chunks" })
        {
            await SqliteDatabase.AddColumnIfMissingAsync(connection, transaction, table, "visibility", "TEXT NOT NULL DEFAULT 'everyone'", cancellationToken).ConfigureAwait(false);
        }

        await using var indexes = connection.CreateCommand();
        indexes.Transaction = transaction;
        indexes.CommandText = """
            CREATE INDEX IF NOT EXISTS documents_by_visibility ON documents (scope, visibility);
            CREATE INDEX IF NOT EXISTS chunks_by_visibility ON chunks (scope, visibility);
            UPDATE meta SET value = '4' WHERE key = 'schema_version' AND CAST(value AS INTEGER) < 4;
            """;
        await indexes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What <paramref name="audience"/> may not read in <paramref name="scope"/>; null when it may read everything there.</summary>
    public static async Task<HiddenChunks?> HiddenAsync(SqliteConnection connection, ScopeId scope, ReaderAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audience);
        if (audience.SeesEverything)
        {
            return null;
        }

        // The scope's distinct restricted visibilities by a loose scan of the (scope, visibility) index: one seek per
        // distinct value, however many documents share it.
        var keys = new List<string>();
        await using (var next = connection.CreateCommand())
        {
            next.CommandText = "SELECT min(visibility) FROM documents WHERE scope = $scope AND visibility > $after";
            next.Parameters.AddWithValue("$scope", scope.Value);
            var after = next.Parameters.AddWithValue("$after", string.Empty);
            while (await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string key)
            {
                after.Value = key;
                if (key != Visibility.Everyone.Key && !audience.CanSee(Visibility.FromKey(key)))
                {
                    keys.Add(key);
                }
            }
        }

        if (keys.Count == 0)
        {
            return null;
        }

        return new HiddenChunks(KeysJson(keys), audience);
    }

    /// <summary>Which of <paramref name="rows"/> <paramref name="audience"/> may not read, judged on each row's stored visibility.</summary>
    public static async Task<HashSet<long>> HiddenAmongAsync(SqliteConnection connection, SqliteTransaction? transaction, IEnumerable<long> rows, ReaderAudience audience, CancellationToken cancellationToken)
    {
        var hidden = new HashSet<long>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT rowid, visibility FROM chunks WHERE rowid IN (SELECT value FROM json_each($rows)) AND visibility <> 'everyone'";
        command.Parameters.AddWithValue("$rows", "[" + string.Join(',', rows.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!audience.CanSee(Visibility.FromKey(reader.GetString(1))))
            {
                hidden.Add(reader.GetInt64(0));
            }
        }

        return hidden;
    }

    /// <summary>The SQL condition that keeps FTS5 row <c>f</c> out when hidden (parameters <c>$scope</c> and <c>$hiddenKeys</c>).</summary>
    public const string FtsCondition = "f.rowid NOT IN (SELECT h.rowid FROM chunks h WHERE h.scope = $scope AND h.visibility IN (SELECT value FROM json_each($hiddenKeys)))";

    /// <summary>Keys as a JSON array (keys are ASCII letters, digits, ':' and ','; nothing to escape).</summary>
    private static string KeysJson(IEnumerable<string> keys) => "[" + string.Join(',', keys.Select(k => "\"" + k + "\"")) + "]";
}

/// <summary>
/// The restricted visibilities an audience may not read, as found when the search began (<see cref="KeysJson"/>, for
/// the SQL filter), and the audience itself, which filters rows by the visibility they carry (so a row written with a
/// visibility that did not exist yet is judged too: the filter fails closed).
/// </summary>
internal sealed record HiddenChunks(string KeysJson, ReaderAudience Audience);
