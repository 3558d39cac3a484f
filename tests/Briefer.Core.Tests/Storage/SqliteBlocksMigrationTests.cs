using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Storage;

/// <summary>A database written before chunks kept blocks (schema 2) opens, and its chunks come back with no blocks.</summary>
public sealed class SqliteBlocksMigrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "briefer-migrate-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private SqliteDocumentStore Open() =>
        new(Options.Create(new StoreOptions { DataDirectory = _directory }), DocumentStoreContract.Model, NullLogger<SqliteDocumentStore>.Instance);

    [Fact]
    public async Task Search_SchemaTwoDatabase_OpensAndChunksHaveNoBlocks()
    {
        var scope = new ScopeId("migrate");
        var document = new DocumentRecord(DocumentId.For(scope, "old.md"), scope, "Old guide", "old.md", null, DateTimeOffset.UnixEpoch, "h", 1, 4);
        var vector = new float[DocumentStoreContract.Model.Dimensions];
        vector[0] = 1;
        string path;
        using (var store = Open())
        {
            await store.UpsertDocumentAsync(document, [new ChunkRecord(0, 0, 22, "The ferry leaves at 9.", 6, vector) { Blocks = [new TextBlock(0, 22, BlockKind.Paragraph, "Old guide")] }], default);
            path = store.DatabasePath;
        }

        // Turn the file back into what Briefer wrote before schema 3: no blocks column, schema_version 2.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE chunks DROP COLUMN blocks; UPDATE meta SET value = '2' WHERE key = 'schema_version';";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        using var reopened = Open();
        var found = await reopened.SearchAsync(new SearchQuery(scope, "ferry", vector, 5), default);

        Assert.Equal("The ferry leaves at 9.", Assert.Single(found).Text);
        Assert.Empty(found[0].Blocks);
    }
}
