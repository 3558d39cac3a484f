using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Cli.Eval;

internal sealed record RetrievalJson(string Dataset, string Queries, string Qrels, int Documents, int Chunks, int QueryCount, double IngestSeconds, double QuerySeconds, IReadOnlyList<RetrievalScores> Modes);

internal sealed record AnswerCaseJson(string Question, string? ExpectedSource, bool ShouldAbstain, bool Abstained, IReadOnlyList<string> MissingFacts, bool CitedSource, bool Passed, string Answer);

internal sealed record AnswersJson(int Cases, int Answerable, int Unanswerable, int FactsContained, int SourceCited, int AbstainedCorrectly, int FalseAbstentions, int Passed, IReadOnlyList<AnswerCaseJson> Results);

internal sealed record RunHitJson(string Doc, int Chunk, double Score);

internal sealed record RunJson(string Query, string Mode, IReadOnlyList<RunHitJson> Hits);

/// <summary>The <c>--json</c> shapes of the <c>eval</c> verbs.</summary>
internal static class EvalJson
{
    private static readonly EvalJsonContext Indented = new(new JsonSerializerOptions(EvalJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    });

    public static string Serialize<T>(T value)
        where T : notnull => JsonSerializer.Serialize(value, typeof(T), Indented);

    public static string SerializeLine<T>(T value)
        where T : notnull => JsonSerializer.Serialize(value, typeof(T), EvalJsonContext.Default);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RetrievalJson))]
[JsonSerializable(typeof(AnswersJson))]
[JsonSerializable(typeof(RunJson))]
[JsonSerializable(typeof(AnswerCase))]
[JsonSerializable(typeof(SquadAnswerDump))]
[JsonSerializable(typeof(SquadJson))]
internal sealed partial class EvalJsonContext : JsonSerializerContext;
