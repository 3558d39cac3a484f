using System.Threading.Channels;

namespace Briefer.Core.Embeddings;

/// <summary>
/// Runs the embedding model on one dedicated thread, fed by two bounded queues: single inputs (a question's query
/// embedding) are served before passages of documents being ingested, and each passage is one work item, so a
/// question waits behind at most the one passage already running. The model runs synchronously and uses every core;
/// keeping it off the thread pool means answering and ingesting never starve the pool threads that acknowledge
/// Discord interactions, with no need to raise the pool's minimum.
/// </summary>
internal sealed class EmbeddingWorker : IDisposable
{
    private const int QueryCapacity = 256;
    private const int PassageCapacity = 64;

    private readonly Func<int[][], bool, float[][]> _embed;
    private readonly Channel<WorkItem> _queries = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(QueryCapacity) { SingleReader = true });
    private readonly Channel<WorkItem> _passages = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(PassageCapacity) { SingleReader = true });
    private readonly SemaphoreSlim _available = new(0);
    private readonly Lock _startLock = new();
    private Thread? _thread;
    private volatile bool _stopping;

    /// <param name="embed">
    /// Runs the model on a batch of token-id inputs (one run): per input the [CLS] vector, or with the flag set every
    /// token's state.
    /// </param>
    public EmbeddingWorker(Func<int[][], bool, float[][]> embed) => _embed = embed;

    /// <summary>Queues one tokenized input and completes with its vector (or, with <paramref name="allTokens"/>, every token's state).</summary>
    public async Task<float[]> EmbedAsync(int[] ids, bool priority, CancellationToken cancellationToken, bool allTokens = false) =>
        (await EmbedBatchAsync([ids], priority, cancellationToken, allTokens).ConfigureAwait(false))[0];

    /// <summary>Queues several tokenized inputs as one work item (one model run) and completes with each one's result, in order.</summary>
    public async Task<float[][]> EmbedBatchAsync(int[][] batch, bool priority, CancellationToken cancellationToken, bool allTokens = false)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_stopping, this);
        EnsureStarted();
        var item = new WorkItem(batch, allTokens, new TaskCompletionSource<float[][]>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        await (priority ? _queries : _passages).Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        _available.Release();
        return await item.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _queries.Writer.TryComplete();
        _passages.Writer.TryComplete();
        _available.Release();
        // One passage takes well under a second; the thread must be gone before its semaphore and the model are disposed.
        _thread?.Join();
        _available.Dispose();
    }

    private void EnsureStarted()
    {
        if (_thread is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _thread ??= StartThread();
        }
    }

    private Thread StartThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Briefer embeddings" };
        thread.Start();
        return thread;
    }

    private void Run()
    {
        while (true)
        {
            _available.Wait();
            if (!_queries.Reader.TryRead(out var item) && !_passages.Reader.TryRead(out item))
            {
                if (_stopping)
                {
                    return;
                }

                continue;
            }

            if (item.CancellationToken.IsCancellationRequested)
            {
                item.Result.TrySetCanceled(item.CancellationToken);
                continue;
            }

            try
            {
                item.Result.TrySetResult(_embed(item.Batch, item.AllTokens));
            }
#pragma warning disable CA1031 // The worker must outlive one bad input; the caller gets the exception.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                item.Result.TrySetException(ex);
            }
        }
    }

    private sealed record WorkItem(int[][] Batch, bool AllTokens, TaskCompletionSource<float[][]> Result, CancellationToken CancellationToken);
}
