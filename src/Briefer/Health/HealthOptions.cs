namespace Briefer.Health;

/// <summary>Settings of the worker's health file (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Where <c>run</c> writes its health (JSON); empty means <c>health.json</c> in the data directory.</summary>
    public string? File { get; set; }

    /// <summary>How often the file is rewritten; <c>briefer health</c> calls it out of date after three intervals.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the gateway may be away (connecting or reconnecting) before the bot counts as unhealthy.</summary>
    public TimeSpan GatewayGracePeriod { get; set; } = TimeSpan.FromMinutes(3);
}
