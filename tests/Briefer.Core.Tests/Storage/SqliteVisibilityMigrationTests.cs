using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Storage;

/// <summary>A database written before visibility existed: its documents become <c>everyone</c> and stay searchable.</summary>
public sealed class SqliteVisibilityMigrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "briefer-vis-migrate-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task InitializeAsync_SchemaTwoDatabase_DocumentsMigrateAsEveryone()
    {
        var scope = new ScopeId("old");
        var document = new DocumentRecord(DocumentId.For(scope, "a.txt"), scope, "Old notes", "a.txt", null, DateTimeOffset.UnixEpoch, "h", 1, 5);
        using (var store = Create())
        {
            await store.UpsertDocumentAsync(document, [new ChunkRecord(0, 0, 30, "The lighthouse keeper retired.", 5, Unit(0))], default);
        }

        // Turn the file back into a schema 2 database: no visibility columns, no indexes on them.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection("Data Source=" + Path.Combine(_directory, "briefer.db")))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DROP INDEX documents_by_visibility; DROP INDEX chunks_by_visibility;
                ALTER TABLE documents DROP COLUMN visibility; ALTER TABLE chunks DROP COLUMN visibility;
                UPDATE meta SET value = '2' WHERE key = 'schema_version';
                """;
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        using var reopened = Create();
        var results = await reopened.SearchAsync(new SearchQuery(scope, "lighthouse keeper", Unit(0), 5) { Audience = ReaderAudience.EveryoneOnly }, default);

        Assert.Equal(Visibility.Everyone, (await reopened.GetDocumentAsync(scope, document.Id, default))!.Visibility);
        Assert.Equal([document.Id], results.Select(r => r.DocumentId));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private SqliteDocumentStore Create() => new(
        Options.Create(new StoreOptions { DataDirectory = _directory }),
        DocumentStoreContract.Model,
        NullLogger<SqliteDocumentStore>.Instance);

    private static float[] Unit(int axis)
    {
        var vector = new float[DocumentStoreContract.Model.Dimensions];
        vector[axis] = 1;
        return vector;
    }
}
