using Microsoft.Data.Sqlite;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>The store's own check for damage: SQLite's <c>quick_check</c>.</summary>
public sealed partial class SqliteDocumentStore
{
    /// <summary>How many of quick_check's findings are read: the first says enough, the rest only lengthen the line.</summary>
    private const int IntegrityFindings = 3;

    /// <summary>
    /// Runs <c>PRAGMA quick_check</c> (every page and index entry read, O(N), without the index-content comparison of
    /// <c>integrity_check</c>): damage that the queries a command makes would never touch is still found.
    /// </summary>
    public Task<string?> CheckIntegrityAsync(CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA quick_check({IntegrityFindings})";
            var findings = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    findings.Add(reader.GetString(0));
                }
            }

            return findings is ["ok"] || findings.Count == 0
                ? null
                : StoreFailureException.Damaged(DatabasePath, "quick_check: " + string.Join("; ", findings.Select(f => f.ReplaceLineEndings(" ")))).Message;
        });
}
