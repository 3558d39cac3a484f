using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Briefer.Digests;

/// <summary>Digest runs by outcome (meter <c>Briefer.Digests</c>, counter <c>briefer.digests.runs</c>).</summary>
public sealed class DigestMetrics
{
    public const string MeterName = "Briefer.Digests";

    private readonly Counter<long> _runs;
    private readonly ConcurrentDictionary<DigestRunOutcome, int> _counts = new();

    public DigestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _runs = meterFactory.Create(MeterName).CreateCounter<long>("briefer.digests.runs", description: "Digest runs, by outcome (Posted, NothingNew, Busy, Failed, Disabled) and trigger (scheduled or manual).");
    }

    /// <summary>Runs of this process by outcome, for tests and diagnostics.</summary>
    public int Count(DigestRunOutcome outcome) => _counts.GetValueOrDefault(outcome);

    internal void Ran(DigestRunOutcome outcome, bool scheduled)
    {
        _counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        _runs.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()), new KeyValuePair<string, object?>("trigger", scheduled ? "scheduled" : "manual"));
    }
}
