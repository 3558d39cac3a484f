using Microsoft.Extensions.Hosting;

namespace Briefer.Cli;

/// <summary>
/// The host lifetime of a CLI verb: it leaves Ctrl+C and SIGTERM to System.CommandLine, which cancels the verb's token,
/// instead of the console lifetime, which would only stop the (idle) host and let the verb run on.
/// </summary>
internal sealed class VerbHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
