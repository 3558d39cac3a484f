using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;

namespace Briefer.Core.Tests.Storage;

/// <summary>A database written before chunks kept blocks (schema 2) opens, and its chunks come back with no blocks.</summary>
public sealed class SqliteBlocksMigrationTests : IDisposable
{
    private readonly OldSqliteStore _old = new();

    public void Dispose() => _old.Dispose();

    [Fact]
    public async Task Search_SchemaTwoDatabase_OpensAndChunksHaveNoBlocks()
    {
        var scope = new ScopeId("migrate");
        var document = new DocumentRecord(DocumentId.For(scope, "old.md"), scope, "Old guide", "old.md", null, DateTimeOffset.UnixEpoch, "h", 1, 4);
        var vector = OldSqliteStore.Unit(0);
        using (var store = _old.Open())
        {
            await store.UpsertDocumentAsync(document, [new ChunkRecord(0, 0, 22, "The ferry leaves at 9.", 6, vector) { Blocks = [new TextBlock(0, 22, BlockKind.Paragraph, "Old guide")] }], default);
        }

        // Turn the file back into what Briefer wrote before schema 3: no blocks column, schema_version 2.
        await _old.RewindAsync("ALTER TABLE chunks DROP COLUMN blocks; UPDATE meta SET value = '2' WHERE key = 'schema_version';");

        using var reopened = _old.Open();
        var found = await reopened.SearchAsync(new SearchQuery(scope, "ferry", vector, 5), default);

        Assert.Equal("The ferry leaves at 9.", Assert.Single(found).Text);
        Assert.Empty(found[0].Blocks);
    }
}
