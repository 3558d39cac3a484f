using System.Globalization;
using Briefer.Core.Conversations;
using Briefer.Core.Storage;
using Briefer.Discord.Gateway;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Health;

/// <summary>
/// Writes the worker's health file every <c>Health:Interval</c>: the gateway's state (starting until its first READY,
/// healthy once connected, and while a reconnect is shorter than <c>Health:GatewayGracePeriod</c>) and the store's (a cheap read of the documents, then of
/// the conversations every answer is recorded in). <c>briefer health</c> reads it for Docker's and Kubernetes' probes.
/// The file is replaced atomically, so a reader never sees half of it.
/// </summary>
internal sealed partial class HealthReporter(
    DiscordGatewayClient gateway,
    IDocumentStore store,
    IConversationStore conversations,
    IOptions<HealthOptions> options,
    IOptions<StoreOptions> storeOptions,
    TimeProvider time,
    ILogger<HealthReporter> logger) : BackgroundService
{
    private readonly DateTimeOffset _createdAt = time.GetUtcNow();

    public string FilePath => ResolvePath(options.Value, storeOptions.Value);

    public static string ResolvePath(HealthOptions health, StoreOptions store) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(health.File) ? Path.Combine(store.DataDirectory, "health.json") : health.File);

    /// <summary>Checks the gateway and the store now.</summary>
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var problems = new List<string>();
        var state = gateway.State;
        // Starting until the first READY of every shard, however many connection attempts that takes.
        var starting = gateway.FirstConnectedAt is null && state != GatewayConnectionState.Stopped;
        var since = starting || gateway.StateChangedAt == default ? _createdAt : gateway.StateChangedAt;
        if (state == GatewayConnectionState.Stopped)
        {
            problems.Add("the Discord gateway stopped for good (see the log)");
        }
        else if (starting)
        {
            var allowed = options.Value.GatewayGracePeriod + (gateway.Plan?.TimeToIdentifyAll ?? TimeSpan.Zero);
            if (now - since > allowed)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"the Discord gateway has not connected since {since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({allowed.TotalSeconds:0} s allowed to start)"));
            }
        }
        else if (state != GatewayConnectionState.Connected && now - since > options.Value.GatewayGracePeriod)
        {
            problems.Add($"the Discord gateway has not been connected since {since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        }

        var storeError = await ProbeAsync("the store", store.ListScopesAsync, problems, cancellationToken).ConfigureAwait(false)
            ?? await ProbeAsync("the conversation store", conversations.CheckAsync, problems, cancellationToken).ConfigureAwait(false);

        return new HealthReport(
            problems.Count > 0 ? HealthReport.Unhealthy : starting ? HealthReport.Starting : HealthReport.Healthy,
            state.ToString(),
            since,
            storeError is null ? "ok" : "failed",
            storeError,
            now,
            Environment.ProcessId,
            problems);
    }

    /// <summary>Runs one cheap read with a 10 s limit; on failure adds the problem and returns why.</summary>
    private static async Task<string?> ProbeAsync(string name, Func<CancellationToken, Task> read, List<string> problems, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await read(timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is StoreFailureException or InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var error = ex is OperationCanceledException ? $"{name} did not answer within 10 s" : ex.Message;
            problems.Add($"{name} failed: {error}");
            return error;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            do
            {
                try
                {
                    var report = await CheckAsync(stoppingToken).ConfigureAwait(false);
                    await WriteAsync(report, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogWriteFailed(logger, FilePath, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(HealthReport report, CancellationToken cancellationToken)
    {
        var path = FilePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, report.ToJson(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(8001, LogLevel.Warning, "Could not write the health file {Path}: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, string path, string error);
}
