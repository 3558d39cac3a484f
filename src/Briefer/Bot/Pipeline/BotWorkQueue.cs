using System.Threading.Channels;
using Briefer.Discord;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Bot;

/// <summary>
/// A bounded queue of answer jobs and <c>Discord:MaxConcurrency</c> workers. Each job runs in its own DI scope;
/// a failing job is logged and the worker carries on.
/// </summary>
internal sealed class BotWorkQueue : BackgroundService
{
    private readonly Channel<Func<IServiceProvider, CancellationToken, Task>> _jobs;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<BotWorkQueue> _logger;
    private readonly int _workers;

    public BotWorkQueue(IServiceScopeFactory scopes, IOptions<DiscordOptions> options, ILogger<BotWorkQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _scopes = scopes;
        _logger = logger;
        _workers = options.Value.MaxConcurrency;
        _jobs = Channel.CreateBounded<Func<IServiceProvider, CancellationToken, Task>>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Queues a job; false when the queue is full.</summary>
    public bool TryEnqueue(Func<IServiceProvider, CancellationToken, Task> job) => _jobs.Writer.TryWrite(job);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Answering can block pool threads (embedding models run synchronously). Without spare threads the
        // deferred acks of new interactions would queue behind that work and miss Discord's 3 s window, so
        // keep enough threads warm for every worker plus the gateway and REST continuations.
        ThreadPool.GetMinThreads(out var workerThreads, out var completionThreads);
        var wanted = _workers + Environment.ProcessorCount + 4;
        if (workerThreads < wanted)
        {
            ThreadPool.SetMinThreads(wanted, completionThreads);
        }

        return Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var scope = _scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    try
                    {
                        await job(scope.ServiceProvider, stoppingToken).ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // The top of the job loop: one bad job must not stop the worker.
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                    {
                        Log.InteractionFailed(_logger, "job", ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
