using System.Globalization;
using Briefer.Core.Documents;

namespace Briefer.Core.Ingestion;

/// <summary>
/// The time one document may spend in extraction and chunking (<c>Ingestion:ExtractionTimeout</c>). Extractors call
/// <see cref="Check"/> between units of work (pages, paragraphs, elements), so a hostile or huge input is refused with
/// a message instead of occupying a worker.
/// </summary>
public sealed class ExtractionBudget
{
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly string _name;

    public ExtractionBudget(string name, TimeSpan limit, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _name = name;
        Limit = limit;
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>A budget that never runs out, for tests and tools that time things themselves.</summary>
    public static ExtractionBudget Unlimited(string name = "document") => new(name, Timeout.InfiniteTimeSpan, TimeProvider.System);

    public TimeSpan Limit { get; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    public bool IsExhausted => Limit != Timeout.InfiniteTimeSpan && Elapsed > Limit;

    /// <exception cref="DocumentRejectedException">The budget is spent.</exception>
    public void Check()
    {
        if (IsExhausted)
        {
            throw Exceeded();
        }
    }

    /// <summary>The error for a document that took too long; also used when the loader stops waiting for a stuck extractor.</summary>
    public DocumentRejectedException Exceeded()
    {
        var seconds = Limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        return new($"'{_name}' was not ingested: reading it took longer than {seconds} s ({IngestionOptions.Section}:{nameof(IngestionOptions.ExtractionTimeout)}). "
            + "It may be very large or built to be slow to read; split it into smaller documents, or ask the operator to raise the limit.");
    }
}
