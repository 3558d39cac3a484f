using System.Text;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Cli.Bench;

/// <summary>
/// The BM25 query of Briefer before the two-pass search: one FTS5 MATCH of every query term, ranked by bm25() over
/// every matching chunk. Kept in the benchmark only, as the reference the two-pass search is measured against.
/// </summary>
internal sealed class OnePassBm25(SqliteConnection connection) : IAsyncDisposable
{
    /// <summary>A read-only connection to the embedded store's file, or null when the store is not the embedded one.</summary>
    public static OnePassBm25? Open(IServiceProvider services)
    {
        if (services.GetService<SqliteDocumentStore>() is not { } sqlite || services.GetRequiredService<IDocumentStore>() != sqlite)
        {
            return null;
        }

        var connection = new SqliteConnection($"Data Source={sqlite.DatabasePath};Mode=ReadOnly");
        connection.Open();
        return new OnePassBm25(connection);
    }

    public int Search(ScopeId scope, string question, int limit)
    {
        var terms = KeywordAnalyzer.AnalyzeQuery(question);
        if (terms.Count == 0)
        {
            return 0;
        }

        // The store's scope token (SqliteDocumentStore.ScopeKey): "s" and the scope's UTF-8 bytes in hex.
        var scopeKey = "s" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(scope.Value));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid, -bm25(chunks_fts, 0.0, 1.0) AS score FROM chunks_fts WHERE chunks_fts MATCH $match ORDER BY score DESC LIMIT $limit";
        command.Parameters.AddWithValue("$match", $"scope_key : {scopeKey} AND terms : ({string.Join(" OR ", terms.Select(t => "\"" + t + "\""))})");
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
        }

        return rows;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}

/// <summary>
/// CPU time of the calling thread, from Linux's <c>/proc/thread-self/schedstat</c> (nanoseconds on a CPU); 0 where
/// that file does not exist.
/// </summary>
internal static class ThreadCpu
{
    public static double Milliseconds()
    {
        try
        {
            var first = File.ReadAllText("/proc/thread-self/schedstat").Split(' ', 2)[0];
            return long.TryParse(first, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var nanoseconds) ? nanoseconds / 1_000_000.0 : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
