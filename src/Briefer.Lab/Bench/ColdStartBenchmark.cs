using System.Diagnostics;
using System.Reflection;

namespace Briefer.Cli.Bench;

/// <summary>
/// Start-to-answer of a cold CLI run: a new <c>briefer ask</c> process against an existing store, timed from process
/// start to exit (runtime start, host, model load, vector load, the answer). The OS file cache is warm after the first run.
/// </summary>
internal static class ColdStartBenchmark
{
    public static async Task<LatencyStats> RunAsync(string dataDirectory, string scope, IReadOnlyList<string> questions, int runs, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = Command(["ask", questions[i % questions.Count], "--data-dir", dataDirectory, "--scope", scope]);
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the briefer process.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await Task.WhenAll(output, error).ConfigureAwait(false);
            if (process.ExitCode != ExitCodes.Ok)
            {
                throw new InvalidOperationException($"The cold 'briefer ask' run failed with exit code {process.ExitCode}: {await error.ConfigureAwait(false)}");
            }

            times.Add(elapsed);
        }

        return LatencyStats.Of(times);
    }

    // Runs this same program: through the apphost when it was started that way, else 'dotnet briefer.dll'.
    private static ProcessStartInfo Command(IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry ? entry : Path.Combine(AppContext.BaseDirectory, "briefer.dll"));
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
