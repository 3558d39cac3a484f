using Briefer.Core.Documents;

namespace Briefer.Storage.Qdrant.Tests;

public sealed class QdrantPointIdsTests
{
    private static readonly DocumentId Doc = new("0123456789abcdef");

    [Fact]
    public void V5_RfcExampleName_MatchesReferenceImplementation()
    {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        var id = QdrantPointIds.V5(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org");

        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), id);
    }

    [Fact]
    public void Chunk_KnownInputs_IdNeverChanges()
    {
        // Pinned: stored points are found by these ids, so a change here would orphan every existing point.
        Assert.Equal(new Guid("8f638d5d-279a-5aed-a8f6-ed145890b91d"), QdrantPointIds.Chunk(ScopeId.Local, Doc, 0));
        Assert.Equal(new Guid("2909aa40-3cc2-5b7b-b265-ad4199a70197"), QdrantPointIds.Document(ScopeId.Local, Doc));
    }

    [Fact]
    public void Chunk_DifferentScopeDocumentOrIndex_DifferentIds()
    {
        var ids = new[]
        {
            QdrantPointIds.Chunk(ScopeId.Local, Doc, 0),
            QdrantPointIds.Chunk(ScopeId.Local, Doc, 1),
            QdrantPointIds.Chunk(ScopeId.ForGuild(42), Doc, 0),
            QdrantPointIds.Chunk(ScopeId.Local, new DocumentId("fedcba9876543210"), 0),
            QdrantPointIds.Document(ScopeId.Local, Doc),
        };

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }
}
