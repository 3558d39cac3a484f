using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Cli.Bench;

internal sealed record MachineJson(string Os, string Runtime, int ProcessorCount, string Processor);

internal sealed record BenchJson(MachineJson Machine, IngestBenchResult? Ingest, IReadOnlyList<QueryBenchResult> Queries, LatencyStats? ColdStart, MultiScopeBenchResult? Scopes = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BenchJson))]
internal sealed partial class BenchJsonContext : JsonSerializerContext
{
    public static string Serialize(BenchJson value) => JsonSerializer.Serialize(value, Default.BenchJson);
}
