using Briefer.Core.Embeddings;
using Qdrant.Client.Grpc;

namespace Briefer.Storage.Qdrant.Tests;

public sealed class QdrantResultsTests
{
    private const string Url = "http://qdrant:6334";
    private static readonly EmbeddingModelInfo Model = new("snowflake-arctic-embed-xs", 384, 512, "query: ");

    [Fact]
    public void CheckCollection_CreatedForThisModel_Null()
    {
        var info = InfoFor(QdrantRequests.CreateCollection("c", Model, 128, null, null));

        Assert.Null(QdrantResults.CheckCollection(info, "c", Url, Model));
    }

    [Fact]
    public void CheckCollection_OtherVectorSize_SaysBothSizesAndHowToMigrate()
    {
        var info = InfoFor(QdrantRequests.CreateCollection("c", Model with { Id = "bge-base", Dimensions = 768 }, 128, null, null));

        var problem = QdrantResults.CheckCollection(info, "c", Url, Model);

        Assert.NotNull(problem);
        Assert.Contains("'c'", problem, StringComparison.Ordinal);
        Assert.Contains(Url, problem, StringComparison.Ordinal);
        Assert.Contains("768 dimensions", problem, StringComparison.Ordinal);
        Assert.Contains("makes 384", problem, StringComparison.Ordinal);
        Assert.Contains("'bge-base'", problem, StringComparison.Ordinal);
        Assert.Contains("Store:Qdrant:Collection", problem, StringComparison.Ordinal);
        Assert.Contains("ingest your documents again", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCollection_OtherDistance_SaysSo()
    {
        var definition = QdrantRequests.CreateCollection("c", Model, 128, null, null);
        definition.VectorsConfig.ParamsMap.Map["dense"].Distance = Distance.Dot;

        var problem = QdrantResults.CheckCollection(InfoFor(definition), "c", Url, Model);

        Assert.Contains("distance is Dot, Briefer needs Cosine", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCollection_SameSizeOtherModel_Refused()
    {
        var info = InfoFor(QdrantRequests.CreateCollection("c", Model with { Id = "all-minilm-l6-v2" }, 128, null, null));

        var problem = QdrantResults.CheckCollection(info, "c", Url, Model);

        Assert.Contains("holds vectors of 'all-minilm-l6-v2'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCollection_SparseWithoutIdf_Refused()
    {
        var definition = QdrantRequests.CreateCollection("c", Model, 128, null, null);
        definition.SparseVectorsConfig.Map["bm25"].ClearModifier();

        var problem = QdrantResults.CheckCollection(InfoFor(definition), "c", Url, Model);

        Assert.Contains("lacks the IDF modifier", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCollection_UnnamedVector_NotBrieferCollection()
    {
        var info = new CollectionInfo
        {
            Config = new CollectionConfig { Params = new CollectionParams { VectorsConfig = new VectorsConfig { Params = new VectorParams { Size = 384, Distance = Distance.Cosine } } } },
        };

        var problem = QdrantResults.CheckCollection(info, "c", Url, Model);

        Assert.Contains("not created by Briefer", problem, StringComparison.Ordinal);
    }

    private static CollectionInfo InfoFor(CreateCollection definition) => new()
    {
        Config = new CollectionConfig
        {
            Params = new CollectionParams { VectorsConfig = definition.VectorsConfig, SparseVectorsConfig = definition.SparseVectorsConfig },
            Metadata = { definition.Metadata },
        },
    };
}
