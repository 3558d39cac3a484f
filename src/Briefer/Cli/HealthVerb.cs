using System.Globalization;
using Briefer.Core.Storage;
using Briefer.Health;
using Microsoft.Extensions.Configuration;

namespace Briefer.Cli;

/// <summary>
/// <c>briefer health</c>: reads the health file that <c>run</c> keeps and exits 0 when the bot is healthy (gateway
/// connected, store answering, file fresh), <see cref="ExitCodes.Starting"/> while it is starting (no gateway READY
/// yet), 1 otherwise, printing why: also when there is no health file, since nothing says a bot is starting (<c>run</c>
/// writes the file as soon as its host has started, "starting" until the gateway's READY). A file older than two write intervals means <c>run</c> died or hangs. With
/// <c>--live</c> only that last check counts (for liveness probes: a bot that is starting or reconnecting is alive).
/// For Docker's HEALTHCHECK and Kubernetes probes: it starts no host, loads no model and opens no store, so it is
/// cheap to run every few seconds.
/// </summary>
internal static class HealthVerb
{
    /// <summary>How many write intervals old the file may be before <c>run</c> counts as dead or hung.</summary>
    public const int StaleAfterIntervals = 2;

    public static async Task<int> RunAsync(CliSettings settings, bool liveOnly, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var configuration = BrieferHost.CreateBuilder(settings).Configuration;
        var health = configuration.GetSection(HealthOptions.Section).Get<HealthOptions>() ?? new HealthOptions();
        var store = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        var path = HealthReporter.ResolvePath(health, store);
        if (!File.Exists(path))
        {
            return Fail(settings, output, error, $"no health file at {path}: the bot is not running (start it with: {SourceCheckout.Command} run), or started moments ago and has not written it yet.");
        }

        var report = HealthReport.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        if (report is null)
        {
            return Fail(settings, output, error, $"the health file {path} cannot be read; '{SourceCheckout.Command} run' rewrites it every {health.Interval.TotalSeconds:0} s.");
        }

        var age = time.GetUtcNow() - report.UpdatedAt;
        if (age > health.Interval * StaleAfterIntervals)
        {
            return Fail(settings, output, error, string.Create(CultureInfo.InvariantCulture, $"the health file is {age.TotalSeconds:0} s old: '{SourceCheckout.Command} run' (pid {report.ProcessId}) has stopped or hangs."));
        }

        if (settings.Json)
        {
            output.WriteLine(report.ToJson());
        }
        else
        {
            output.WriteLine(report.Status == HealthReport.Starting
                ? $"starting: connecting to Discord since {report.GatewaySince.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (gateway {report.Gateway}), store {report.Store}"
                : $"{report.Status}: gateway {report.Gateway} since {report.GatewaySince.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, store {report.Store}");
            foreach (var problem in report.Problems)
            {
                error.WriteLine("unhealthy: " + problem);
            }
        }

        return liveOnly ? ExitCodes.Ok : report.Status switch
        {
            HealthReport.Healthy => ExitCodes.Ok,
            HealthReport.Starting => ExitCodes.Starting,
            _ => ExitCodes.Failed,
        };
    }

    private static int Fail(CliSettings settings, TextWriter output, TextWriter error, string message)
    {
        if (settings.Json)
        {
            output.WriteLine(ErrorJson.Serialize(new ErrorJson(message)));
        }
        else
        {
            error.WriteLine("unhealthy: " + message);
        }

        return ExitCodes.Failed;
    }
}
