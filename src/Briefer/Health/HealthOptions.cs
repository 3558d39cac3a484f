namespace Briefer.Health;

/// <summary>Settings of the worker's health file (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Where <c>run</c> writes its health (JSON); empty means <c>health.json</c> in the data directory.</summary>
    public string? File { get; set; }

    /// <summary>How often the file is rewritten; <c>briefer health</c> calls it out of date (the bot dead or hung) after two intervals.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the gateway may be away (reconnecting) before the bot counts as unhealthy; at start, how long it may
    /// take to connect beyond the time its shards need to identify (about shards ÷ max_concurrency × 5 s).
    /// </summary>
    public TimeSpan GatewayGracePeriod { get; set; } = TimeSpan.FromMinutes(3);
}
