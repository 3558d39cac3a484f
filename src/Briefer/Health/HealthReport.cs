using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Health;

/// <summary>What the health file says: overall status, the gateway's state and the store's.</summary>
/// <param name="Status">
/// <c>starting</c> until the gateway's first READY (every shard of the process connected), then <c>healthy</c>;
/// <c>unhealthy</c> whenever there is a problem (including a start that takes longer than the grace period).
/// </param>
/// <param name="Problems">Why it is unhealthy, one line each; empty when healthy.</param>
public sealed record HealthReport(
    string Status,
    string Gateway,
    DateTimeOffset GatewaySince,
    string Store,
    string? StoreError,
    DateTimeOffset UpdatedAt,
    int ProcessId,
    IReadOnlyList<string> Problems)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string Starting = "starting";

    public string ToJson() => JsonSerializer.Serialize(this, HealthJsonContext.Default.HealthReport);

    public static HealthReport? Parse(string json)
    {
        try
        {
            // A file missing what 'run' always writes (hand-edited, truncated, another program's) cannot be read.
            var report = JsonSerializer.Deserialize(json, HealthJsonContext.Default.HealthReport);
            return report is null || string.IsNullOrEmpty(report.Status) || report.Gateway is null || report.Store is null || report.UpdatedAt == default
                ? null
                : report with { Problems = report.Problems ?? [] };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
