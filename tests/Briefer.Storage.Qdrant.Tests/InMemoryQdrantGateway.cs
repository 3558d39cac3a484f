using System.Globalization;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Briefer.Storage.Qdrant.Tests;

/// <summary>
/// A small in-memory emulation of the parts of Qdrant the store uses, behind <see cref="IQdrantGateway"/>: collections,
/// upsert/delete/count/get/scroll, filters (keyword match, datetime range, has-id), nearest dense (cosine) and sparse (dot with
/// Qdrant's IDF, ln(1 + (N − n + 0.5)/(n + 0.5))) queries, prefetch, and RRF as Qdrant computes it (1/(k + 0-based position)).
/// It records every request and can fail calls on demand. It is NOT Qdrant: it lets the store's own logic run end to
/// end here; behaviour of a real server is covered only by the contract suite with <c>QDRANT_URL</c> set.
/// Anything the emulation does not understand throws, so a request the store starts sending is noticed.
/// </summary>
internal sealed class InMemoryQdrantGateway : IQdrantGateway
{
    private readonly Dictionary<string, Collection> _collections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Every request received, in order (collection names as strings for the calls that take only a name).</summary>
    public List<object> Requests { get; } = [];

    /// <summary>Failures to throw, one per call, before the call does anything.</summary>
    public Queue<RpcException> Failures { get; } = new();

    public int Calls { get; private set; }

    /// <summary>The status collection info reports, and the optimizer error with it (a damaged collection is red).</summary>
    public (CollectionStatus Status, string? OptimizerError) Health { get; set; } = (CollectionStatus.Green, null);

    public bool Disposed { get; private set; }

    public IReadOnlyList<T> RequestsOf<T>() => [.. Requests.OfType<T>()];

    public Task HealthCheckAsync(CancellationToken cancellationToken) => Run<object?>("health", () => null);

    public Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken) =>
        Run(collection, () => _collections.ContainsKey(collection));

    public Task<CollectionInfo> GetCollectionInfoAsync(string collection, CancellationToken cancellationToken) => Run(collection, () =>
    {
        var c = Get(collection);
        var info = new CollectionInfo
        {
            Status = Health.Status,
            OptimizerStatus = new OptimizerStatus { Ok = Health.OptimizerError is null, Error = Health.OptimizerError ?? string.Empty },
            Config = new CollectionConfig
            {
                Params = new CollectionParams { VectorsConfig = c.Definition.VectorsConfig, SparseVectorsConfig = c.Definition.SparseVectorsConfig },
                Metadata = { c.Definition.Metadata },
            },
            PointsCount = (ulong)c.Points.Count,
        };
        foreach (var (field, type) in c.Indexes)
        {
            info.PayloadSchema[field] = new PayloadSchemaInfo { DataType = (PayloadSchemaType)(int)type + 1 };
        }

        return info;
    });

    public Task CreateCollectionAsync(CreateCollection request, CancellationToken cancellationToken) => Run<object?>(request, () =>
    {
        if (_collections.ContainsKey(request.CollectionName))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"Collection `{request.CollectionName}` already exists!"));
        }

        _collections[request.CollectionName] = new Collection(request.Clone());
        return null;
    });

    /// <summary>Adds a collection as another program (or an older Briefer) might have made it.</summary>
    public void Seed(CreateCollection definition) => _collections[definition.CollectionName] = new Collection(definition.Clone());

    public Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken) => Run<object?>(collection, () => _collections.Remove(collection));

    public Task CreateFieldIndexAsync(CreateFieldIndexCollection request, CancellationToken cancellationToken) => Run<object?>(request, () =>
    {
        Get(request.CollectionName).Indexes[request.FieldName] = request.FieldType;
        return null;
    });

    public Task UpsertAsync(UpsertPoints request, CancellationToken cancellationToken) => Run<object?>(request, () =>
    {
        var c = Get(request.CollectionName);
        foreach (var point in request.Points)
        {
            c.Points[Key(point.Id)] = point.Clone();
        }

        return null;
    });

    public Task DeleteAsync(DeletePoints request, CancellationToken cancellationToken) => Run<object?>(request, () =>
    {
        var c = Get(request.CollectionName);
        var doomed = request.Points.PointsSelectorOneOfCase == PointsSelector.PointsSelectorOneOfOneofCase.Filter
            ? c.Points.Where(p => Matches(request.Points.Filter, p.Value)).Select(p => p.Key).ToList()
            : [.. request.Points.Points.Ids.Select(Key)];
        foreach (var key in doomed)
        {
            c.Points.Remove(key);
        }

        return null;
    });

    public Task<ulong> CountAsync(CountPoints request, CancellationToken cancellationToken) =>
        Run(request, () => (ulong)Get(request.CollectionName).Points.Values.Count(p => Matches(request.Filter, p)));

    public Task<IReadOnlyList<RetrievedPoint>> GetAsync(GetPoints request, CancellationToken cancellationToken) => Run<IReadOnlyList<RetrievedPoint>>(request, () =>
    {
        var c = Get(request.CollectionName);
        return [.. request.Ids.Select(Key).Where(c.Points.ContainsKey).Select(k => Retrieved(c.Points[k], request.WithPayload))];
    });

    public Task<ScrollResponse> ScrollAsync(ScrollPoints request, CancellationToken cancellationToken) => Run(request, () =>
    {
        var ordered = Get(request.CollectionName).Points.Where(p => Matches(request.Filter, p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var start = request.Offset is null ? 0 : ordered.FindIndex(p => string.CompareOrdinal(p.Key, Key(request.Offset)) >= 0);
        var page = ordered.Skip(start < 0 ? ordered.Count : start).Take((int)request.Limit + 1).ToList();
        var response = new ScrollResponse { Result = { page.Take((int)request.Limit).Select(p => Retrieved(p.Value, request.WithPayload)) } };
        if (page.Count > request.Limit)
        {
            response.NextPageOffset = page[^1].Value.Id.Clone();
        }

        return response;
    });

    public Task<IReadOnlyList<IReadOnlyList<ScoredPoint>>> QueryBatchAsync(QueryBatchPoints request, CancellationToken cancellationToken) =>
        Run<IReadOnlyList<IReadOnlyList<ScoredPoint>>>(request, () =>
        {
            var c = Get(request.CollectionName);
            return [.. request.QueryPoints.Select(q => (IReadOnlyList<ScoredPoint>)Query(c, q))];
        });

    public void Dispose() => Disposed = true;

    private static List<ScoredPoint> Query(Collection c, QueryPoints query)
    {
        List<(PointStruct Point, float Score)> ranked;
        if (query.Prefetch.Count > 0)
        {
            if (query.Query.VariantCase != global::Qdrant.Client.Grpc.Query.VariantOneofCase.Rrf)
            {
                throw new NotSupportedException("The emulation fuses prefetches only by RRF.");
            }

            var k = query.Query.Rrf.HasK ? query.Query.Rrf.K : 2;
            var fused = new Dictionary<string, (PointStruct Point, float Score)>(StringComparer.Ordinal);
            foreach (var prefetch in query.Prefetch)
            {
                var list = Nearest(c, prefetch.Query, prefetch.Using, prefetch.Filter, prefetch.Limit);
                for (var position = 0; position < list.Count; position++)
                {
                    var key = Key(list[position].Point.Id);
                    var score = 1f / (k + position);
                    fused[key] = fused.TryGetValue(key, out var existing) ? (existing.Point, existing.Score + score) : (list[position].Point, score);
                }
            }

            ranked = [.. fused.Values.Where(x => Matches(query.Filter, x.Point)).OrderByDescending(x => x.Score).Take((int)query.Limit)];
        }
        else
        {
            ranked = Nearest(c, query.Query, query.Using, query.Filter, query.Limit);
        }

        var withPayload = query.WithPayload?.Enable ?? false;
        return [.. ranked.Select(x =>
        {
            var scored = new ScoredPoint { Id = x.Point.Id.Clone(), Score = x.Score };
            if (withPayload)
            {
                scored.Payload.Add(x.Point.Payload);
            }

            return scored;
        })];
    }

    private static List<(PointStruct Point, float Score)> Nearest(Collection c, Query query, string vectorName, Filter? filter, ulong limit)
    {
        if (query.VariantCase != global::Qdrant.Client.Grpc.Query.VariantOneofCase.Nearest)
        {
            throw new NotSupportedException($"The emulation answers only nearest queries, not {query.VariantCase}.");
        }

        var candidates = c.Points.Values.Where(p => Matches(filter, p) && VectorOf(p, vectorName) is not null).ToList();
        Func<Vector, float> score;
        if (query.Nearest.VariantCase == VectorInput.VariantOneofCase.Dense)
        {
            var q = query.Nearest.Dense.Data.ToArray();
            score = v => Cosine(q, Dense(v));
        }
        else if (query.Nearest.VariantCase == VectorInput.VariantOneofCase.Sparse)
        {
            var withVector = c.Points.Values.Select(p => VectorOf(p, vectorName)).OfType<Vector>().Select(Sparse).ToList();
            var idf = new Dictionary<uint, double>();
            foreach (var index in query.Nearest.Sparse.Indices)
            {
                var n = withVector.Count(v => v.ContainsKey(index));
                idf[index] = Math.Log(1 + ((withVector.Count - n + 0.5) / (n + 0.5)));
            }

            var terms = query.Nearest.Sparse.Indices.Zip(query.Nearest.Sparse.Values).ToList();
            score = v =>
            {
                var d = Sparse(v);
                return (float)terms.Sum(t => d.TryGetValue(t.First, out var w) ? idf[t.First] * t.Second * w : 0);
            };

            // Sparse search returns only points that share a term with the query.
            candidates = [.. candidates.Where(p => terms.Any(t => Sparse(VectorOf(p, vectorName)!).ContainsKey(t.First)))];
        }
        else
        {
            throw new NotSupportedException($"The emulation does not search with {query.Nearest.VariantCase} vectors.");
        }

        return [.. candidates.Select(p => (p, score(VectorOf(p, vectorName)!))).OrderByDescending(x => x.Item2).Take((int)limit)];
    }

    private static Vector? VectorOf(PointStruct point, string name) =>
        point.Vectors?.Vectors_?.Vectors.TryGetValue(name, out var vector) == true ? vector : null;

    private static float[] Dense(Vector vector) =>
        vector.Dense is { } dense ? [.. dense.Data] : throw new NotSupportedException("The emulation reads dense vectors only from Vector.Dense.");

    private static Dictionary<uint, float> Sparse(Vector vector) =>
        vector.Sparse is { } sparse
            ? sparse.Indices.Zip(sparse.Values).ToDictionary(x => x.First, x => x.Second)
            : throw new NotSupportedException("The emulation reads sparse vectors only from Vector.Sparse.");

    private static float Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return (float)(dot / Math.Sqrt(na * nb));
    }

    private static bool Matches(Filter? filter, PointStruct point)
    {
        if (filter is null)
        {
            return true;
        }

        if (filter.Should.Count > 0 || filter.MinShould is not null)
        {
            throw new NotSupportedException("The emulation does not evaluate should conditions.");
        }

        return filter.Must.All(c => Matches(c, point)) && !filter.MustNot.Any(c => Matches(c, point));
    }

    private static bool Matches(Condition condition, PointStruct point)
    {
        if (condition.ConditionOneOfCase == Condition.ConditionOneOfOneofCase.HasId)
        {
            return condition.HasId.HasId.Contains(point.Id);
        }

        if (condition.ConditionOneOfCase != Condition.ConditionOneOfOneofCase.Field)
        {
            throw new NotSupportedException($"The emulation does not evaluate {condition.ConditionOneOfCase} conditions.");
        }

        var field = condition.Field;
        point.Payload.TryGetValue(field.Key, out var value);
        if (field.Match is { MatchValueCase: Match.MatchValueOneofCase.Keyword } match)
        {
            return value is { KindCase: Value.KindOneofCase.StringValue } && value.StringValue == match.Keyword;
        }

        if (field.Match is { MatchValueCase: Match.MatchValueOneofCase.Keywords } any)
        {
            return value is { KindCase: Value.KindOneofCase.StringValue } && any.Keywords.Strings.Contains(value.StringValue);
        }

        if (field.DatetimeRange is { } range)
        {
            if (value is not { KindCase: Value.KindOneofCase.StringValue })
            {
                return false;
            }

            var at = DateTimeOffset.Parse(value.StringValue, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return (range.Gte is null || at >= range.Gte.ToDateTimeOffset()) && (range.Gt is null || at > range.Gt.ToDateTimeOffset())
                && (range.Lte is null || at <= range.Lte.ToDateTimeOffset()) && (range.Lt is null || at < range.Lt.ToDateTimeOffset());
        }

        throw new NotSupportedException($"The emulation does not evaluate this field condition: {field}");
    }

    private static RetrievedPoint Retrieved(PointStruct point, WithPayloadSelector? withPayload)
    {
        var retrieved = new RetrievedPoint { Id = point.Id.Clone() };
        if (withPayload?.Enable == true)
        {
            retrieved.Payload.Add(point.Payload);
        }

        return retrieved;
    }

    private static string Key(PointId id) => id.HasUuid ? id.Uuid : id.Num.ToString(CultureInfo.InvariantCulture);

    private Collection Get(string name) =>
        _collections.TryGetValue(name, out var c) ? c : throw new RpcException(new Status(StatusCode.NotFound, $"Collection `{name}` doesn't exist!"));

    private Task<T> Run<T>(object request, Func<T> action)
    {
        lock (_lock)
        {
            Calls++;
            Requests.Add(request);
            if (Failures.TryDequeue(out var failure))
            {
                return Task.FromException<T>(failure);
            }

            try
            {
                return Task.FromResult(action());
            }
            catch (RpcException ex)
            {
                return Task.FromException<T>(ex);
            }
        }
    }

    private sealed class Collection(CreateCollection definition)
    {
        public CreateCollection Definition { get; } = definition;

        public Dictionary<string, PointStruct> Points { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, FieldType> Indexes { get; } = new(StringComparer.Ordinal);
    }
}
