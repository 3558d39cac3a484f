using System.Globalization;
using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace Briefer.Storage.Qdrant;

/// <summary>Reads what Qdrant returns back into Briefer's records, and checks an existing collection against the model.</summary>
internal static class QdrantResults
{
    public static DocumentRecord ReadDocument(MapField<string, Value> payload) => new(
        new DocumentId(payload[QdrantSchema.DocumentId].StringValue),
        new ScopeId(payload[QdrantSchema.Scope].StringValue),
        payload[QdrantSchema.Title].StringValue,
        payload[QdrantSchema.Source].StringValue,
        ReadDate(payload),
        DateTimeOffset.Parse(payload[QdrantSchema.IngestedAt].StringValue, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        payload[QdrantSchema.ContentHash].StringValue,
        (int)payload[QdrantSchema.ChunkCount].IntegerValue,
        (int)payload[QdrantSchema.TokenCount].IntegerValue,
        payload.TryGetValue(QdrantSchema.ETag, out var etag) && etag.HasStringValue ? etag.StringValue : null,
        ReadTime(payload, QdrantSchema.LastModified),
        ReadTime(payload, QdrantSchema.StaleSince));

    private static DateTimeOffset? ReadTime(MapField<string, Value> payload, string field) =>
        payload.TryGetValue(field, out var value) && value.HasStringValue
            ? DateTimeOffset.Parse(value.StringValue, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : null;

    public static RetrievedChunk ReadChunk(MapField<string, Value> payload, double score, double? keywordScore, double? denseScore) => new(
        new DocumentId(payload[QdrantSchema.DocumentId].StringValue),
        payload[QdrantSchema.Title].StringValue,
        payload[QdrantSchema.Source].StringValue,
        ReadDate(payload),
        (int)payload[QdrantSchema.ChunkIndex].IntegerValue,
        (int)payload[QdrantSchema.Start].IntegerValue,
        (int)payload[QdrantSchema.End].IntegerValue,
        payload[QdrantSchema.Text].StringValue,
        score,
        keywordScore,
        denseScore,
        payload.TryGetValue(QdrantSchema.Location, out var location) && location.HasStringValue ? location.StringValue : null)
    {
        Blocks = TextBlockCodec.Decode(payload.TryGetValue(QdrantSchema.Blocks, out var blocks) && blocks.HasStringValue ? blocks.StringValue : null),
    };

    /// <summary>Whether a retrieved point is a document marker of <paramref name="scope"/> (ids are per scope; this is the belt to those braces).</summary>
    public static bool IsDocumentOf(MapField<string, Value> payload, ScopeId scope) =>
        payload.TryGetValue(QdrantSchema.Kind, out var kind) && kind.StringValue == QdrantSchema.DocumentKind &&
        payload.TryGetValue(QdrantSchema.Scope, out var s) && s.StringValue == scope.Value;

    /// <summary>
    /// Null when an existing collection fits the configured model, else a message that says what differs and how to
    /// migrate. Vectors of two models are never mixed: a different size, distance or model id is refused.
    /// </summary>
    /// <summary>Null while the collection is usable; else one line saying it is damaged and how to rebuild it.</summary>
    public static string? CheckHealth(CollectionInfo info, string collection, string url)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Status != CollectionStatus.Red)
        {
            return null;
        }

        var error = info.OptimizerStatus is { Ok: false, Error: { Length: > 0 } reason } ? $": {reason.ReplaceLineEndings(" ")}" : string.Empty;
        return $"The Qdrant collection '{collection}' at {url} is damaged (status red{error}). Check the Qdrant server's log and disk; " +
               $"if it stays red, restore a Qdrant snapshot, or delete the collection and ingest the documents again (Briefer creates it anew).";
    }

    public static string? CheckCollection(CollectionInfo info, string collection, string url, EmbeddingModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(model);
        var howToMigrate =
            $"Vectors of two models cannot be mixed. Either point Store:Qdrant:Collection at a new collection (Briefer creates it) and ingest your documents again, " +
            $"or delete '{collection}' if its documents can be re-ingested. See deploy/README.md, \"Moving to Qdrant\".";
        var configuration = info.Config?.Params;
        if (configuration?.VectorsConfig?.ParamsMap is not { } map || !map.Map.TryGetValue(QdrantSchema.DenseVector, out var dense))
        {
            return $"The Qdrant collection '{collection}' at {url} has no dense vector named '{QdrantSchema.DenseVector}': it was not created by Briefer. " +
                   "Set Store:Qdrant:Collection to another name.";
        }

        var differences = new List<string>();
        if (dense.Size != (ulong)model.Dimensions)
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"its vectors have {dense.Size} dimensions, the model '{model.Id}' makes {model.Dimensions}"));
        }

        if (dense.Distance != Distance.Cosine)
        {
            differences.Add($"its distance is {dense.Distance}, Briefer needs Cosine");
        }

        var metadata = info.Config?.Metadata;
        if (metadata is not null && metadata.TryGetValue(QdrantSchema.MetaEmbeddingModel, out var storedModel) &&
            storedModel.StringValue.Length > 0 && storedModel.StringValue != model.Id)
        {
            differences.Add($"it holds vectors of '{storedModel.StringValue}', Briefer is configured with '{model.Id}'");
        }

        if (metadata is not null && metadata.TryGetValue(QdrantSchema.MetaTermIds, out var termIds) &&
            termIds.StringValue.Length > 0 && termIds.StringValue != QdrantSchema.TermIdScheme)
        {
            differences.Add($"its BM25 term ids were made with '{termIds.StringValue}', this Briefer makes '{QdrantSchema.TermIdScheme}'");
        }

        if (configuration.SparseVectorsConfig is not { } sparse || !sparse.Map.TryGetValue(QdrantSchema.SparseVector, out var bm25))
        {
            differences.Add($"it has no sparse vector named '{QdrantSchema.SparseVector}' for BM25");
        }
        else if (bm25.Modifier != Modifier.Idf)
        {
            differences.Add($"its sparse vector '{QdrantSchema.SparseVector}' lacks the IDF modifier BM25 needs");
        }

        return differences.Count == 0
            ? null
            : $"The Qdrant collection '{collection}' at {url} does not fit this Briefer: {string.Join("; ", differences)}. {howToMigrate}";
    }

    /// <summary>The average chunk length the collection was created with, if recorded.</summary>
    public static double? RecordedAverageTerms(CollectionInfo info) =>
        info.Config?.Metadata is { } metadata && metadata.TryGetValue(QdrantSchema.MetaAverageTerms, out var value) && value.HasDoubleValue ? value.DoubleValue : null;

    private static DateOnly? ReadDate(MapField<string, Value> payload) =>
        payload.TryGetValue(QdrantSchema.PublishedAt, out var value) && value.HasStringValue
            ? DateOnly.ParseExact(value.StringValue.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
}
