using System.Globalization;

namespace Briefer.Cli.Bench;

/// <summary>Percentiles of a set of latencies, in milliseconds (nearest-rank).</summary>
internal sealed record LatencyStats(int Count, double P50, double P95, double P99, double Mean)
{
    public static LatencyStats Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return new LatencyStats(0, 0, 0, 0, 0);
        }

        var sorted = milliseconds.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyStats(sorted.Length, Round(Rank(0.50)), Round(Rank(0.95)), Round(Rank(0.99)), Round(sorted.Average()));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50,7:F1}  p95 {P95,7:F1}  p99 {P99,7:F1}  mean {Mean,7:F1} ms");

    private static double Round(double value) => Math.Round(value, 2);
}

/// <summary>The process's peak resident memory: VmHWM from /proc/self/status on Linux, else the peak working set.</summary>
internal static class PeakMemory
{
    public static long Bytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kilobytes * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux: fall through.
        }
        catch (UnauthorizedAccessException)
        {
            // Not readable: fall through.
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    public static double Megabytes() => Math.Round(Bytes() / (1024.0 * 1024.0), 1);
}
