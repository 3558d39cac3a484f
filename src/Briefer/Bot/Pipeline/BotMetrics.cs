using System.Diagnostics.Metrics;

namespace Briefer.Bot.Pipeline;

/// <summary>The bot's meter (<c>Briefer.Bot</c>), from <see cref="IMeterFactory"/>: requests by kind, and the acknowledgement latency.</summary>
public sealed class BotMetrics
{
    /// <summary>The meter of the bot's requests and ack latency.</summary>
    public const string MeterName = "Briefer.Bot";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _ackLatency;

    public BotMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("briefer.discord.interactions", description: "Requests received (interactions, mentions, thread messages), by kind.");
        _ackLatency = meter.CreateHistogram<double>("briefer.discord.ack_latency", "ms", "Time from reading an interaction to Discord accepting its acknowledgement, by kind.");
    }

    public void Received(BotRequestKind kind) => _requests.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));

    public void Acknowledged(BotRequestKind kind, double milliseconds) => _ackLatency.Record(milliseconds, new KeyValuePair<string, object?>("kind", kind.ToString()));
}
