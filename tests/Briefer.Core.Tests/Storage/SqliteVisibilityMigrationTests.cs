using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;

namespace Briefer.Core.Tests.Storage;

/// <summary>A database written before visibility existed: its documents become <c>everyone</c> and stay searchable.</summary>
public sealed class SqliteVisibilityMigrationTests : IDisposable
{
    private readonly OldSqliteStore _old = new();

    public void Dispose() => _old.Dispose();

    [Fact]
    public async Task InitializeAsync_SchemaTwoDatabase_DocumentsMigrateAsEveryone()
    {
        var scope = new ScopeId("old");
        var document = new DocumentRecord(DocumentId.For(scope, "a.txt"), scope, "Old notes", "a.txt", null, DateTimeOffset.UnixEpoch, "h", 1, 5);
        using (var store = _old.Open())
        {
            await store.UpsertDocumentAsync(document, [new ChunkRecord(0, 0, 30, "The lighthouse keeper retired.", 5, OldSqliteStore.Unit(0))], default);
        }

        // Turn the file back into a schema 2 database: no visibility columns, no indexes on them.
        await _old.RewindAsync("""
            DROP INDEX documents_by_visibility; DROP INDEX chunks_by_visibility;
            ALTER TABLE documents DROP COLUMN visibility; ALTER TABLE chunks DROP COLUMN visibility;
            UPDATE meta SET value = '2' WHERE key = 'schema_version';
            """);

        using var reopened = _old.Open();
        var results = await reopened.SearchAsync(new SearchQuery(scope, "lighthouse keeper", OldSqliteStore.Unit(0), 5) { Audience = ReaderAudience.EveryoneOnly }, default);

        Assert.Equal(Visibility.Everyone, (await reopened.GetDocumentAsync(scope, document.Id, default))!.Visibility);
        Assert.Equal([document.Id], results.Select(r => r.DocumentId));
    }
}
