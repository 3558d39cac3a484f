using System.Collections.Concurrent;
using Briefer.Core.Embeddings;

namespace Briefer.Core.Tests.Embeddings;

public sealed class EmbeddingWorkerTests
{
    [Fact]
    public async Task Embed_QueryQueuedBehindPassages_RunsRightAfterTheCurrentPassage()
    {
        var order = new ConcurrentQueue<int>();
        using var running = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim(false);
        using var worker = new EmbeddingWorker((batch, _) =>
        {
            running.Release();
            release.Wait();
            order.Enqueue(batch[0][0]);
            return [[batch[0][0]]];
        });

        var first = worker.EmbedAsync([1], priority: false, CancellationToken.None);
        await running.WaitAsync(TimeSpan.FromSeconds(5));
        var passages = new[] { worker.EmbedAsync([2], priority: false, CancellationToken.None), worker.EmbedAsync([3], priority: false, CancellationToken.None) };
        var query = worker.EmbedAsync([9], priority: true, CancellationToken.None);
        release.Set();
        await Task.WhenAll([first, query, .. passages]).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([1, 9, 2, 3], order);
        Assert.Equal(9f, (await query)[0]);
    }

    [Fact]
    public async Task Embed_FunctionThrows_CallerGetsItAndWorkerCarriesOn()
    {
        using var worker = new EmbeddingWorker((batch, _) => batch[0][0] == 0 ? throw new InvalidOperationException("bad input") : [[batch[0][0]]]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => worker.EmbedAsync([0], priority: true, CancellationToken.None));
        Assert.Equal(5f, (await worker.EmbedAsync([5], priority: true, CancellationToken.None))[0]);
    }
}
