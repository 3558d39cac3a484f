using System.Diagnostics.Metrics;

namespace Briefer.Core;

/// <summary>The few numbers operators watch, as OpenTelemetry-ready <see cref="System.Diagnostics.Metrics"/> instruments (meter "Briefer").</summary>
public sealed class BrieferMetrics
{
    public const string MeterName = "Briefer";

    private readonly Counter<long> _answers;
    private readonly Histogram<double> _answerLatency;
    private readonly Counter<long> _documentsIngested;
    private readonly Counter<long> _chunksIngested;

    public BrieferMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _answers = meter.CreateCounter<long>("briefer.answers", description: "Questions answered and briefs written, by kind and outcome.");
        _answerLatency = meter.CreateHistogram<double>("briefer.answer.duration", unit: "s", description: "Time from question to composed answer.");
        _documentsIngested = meter.CreateCounter<long>("briefer.ingest.documents", description: "Documents ingested, by outcome.");
        _chunksIngested = meter.CreateCounter<long>("briefer.ingest.chunks", description: "Chunks embedded and stored.");
    }

    public void Answered(string kind, bool abstained, TimeSpan elapsed)
    {
        var tags = new KeyValuePair<string, object?>[] { new("kind", kind), new("abstained", abstained) };
        _answers.Add(1, tags);
        _answerLatency.Record(elapsed.TotalSeconds, tags);
    }

    public void Ingested(string outcome, int chunks)
    {
        _documentsIngested.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _chunksIngested.Add(chunks);
    }
}
