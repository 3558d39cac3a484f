using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.Pipeline;

/// <summary>
/// A bounded queue of jobs (<c>Discord:QueueCapacity</c>) and <c>Discord:MaxConcurrency</c> workers. Each job runs
/// in its own DI scope; a failing job is logged and the worker carries on. The embedding model runs on its own thread
/// (see the core's embedding worker), so answering never holds the pool threads that acknowledge new interactions.
/// </summary>
internal sealed class BotWorkQueue : BackgroundService
{
    private readonly Channel<Func<IServiceProvider, CancellationToken, Task>> _jobs;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<BotWorkQueue> _logger;
    private readonly int _workers;

    public BotWorkQueue(IServiceScopeFactory scopes, IOptions<BotOptions> options, ILogger<BotWorkQueue> logger)
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
