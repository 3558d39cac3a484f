namespace Briefer.Discord.Gateway;

/// <summary>
/// Raises the thread pool's minimum worker threads so gateway reads, heartbeats and interaction acknowledgements get a
/// thread the moment they are ready, even while other work holds every core's pool thread (see
/// <see cref="DiscordOptions.MinWorkerThreads"/>). Never lowers a floor set by the host or <c>runtimeconfig.json</c>.
/// </summary>
public static class ThreadPoolFloor
{
    /// <summary>The largest floor accepted: well under the pool's maximum, enough for any bot process.</summary>
    public const int Maximum = 1024;

    /// <summary>The floor used when none is set: 8 per core, at least 32. Idle threads above it retire after a while.</summary>
    public static int Automatic => Math.Max(32, 8 * Environment.ProcessorCount);

    /// <summary>Raises the floor to <paramref name="minWorkerThreads"/> (or <see cref="Automatic"/>); returns the floor in force.</summary>
    public static int Raise(int? minWorkerThreads)
    {
        var wanted = minWorkerThreads ?? Automatic;
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < wanted)
        {
            ThreadPool.GetMaxThreads(out var maxWorkers, out _);
            var floor = Math.Min(wanted, maxWorkers);
            if (ThreadPool.SetMinThreads(floor, completionPorts))
            {
                return floor;
            }
        }

        return workers;
    }
}
