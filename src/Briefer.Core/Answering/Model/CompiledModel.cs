using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Core.Answering;

/// <summary>
/// The answer model's parts as plain arrays (<see cref="TreeEnsembleScorer"/>, <see cref="LinearScorer"/>), exported
/// from ML.NET's parts by the trainer (<c>Briefer.Lab</c>, <c>CompiledModelExport</c>) and written into the model file
/// beside ML.NET's own entries. Serving reads these and never loads
/// ML.NET's models: loading them cost a cold <c>ask</c> about half a second of CPU (reflection, catalogs, four
/// prediction engines) for what is a few hundred small trees. Same values as ML.NET's engines (tests compare them).
/// </summary>
internal sealed record CompiledModel(
    int Version, EnsembleData Ranker, EnsembleData Answerable, PlattData AnswerablePlatt, LinearData Confidence, PlattData ConfidencePlatt, EnsembleData? SecondStage)
{
    /// <summary>The layout this version writes and reads; another is ignored (the model's ML.NET parts are used).</summary>
    public const int CurrentVersion = 1;

    /// <summary>The serving scorers: ranker, answerability, confidence combiner, second stage (null without).</summary>
    public (IRowModel Ranker, IRowModel Answerable, IRowModel Confidence, IRowModel? SecondStage) Scorers() =>
        (new TreeEnsembleScorer(Ranker), new TreeEnsembleScorer(Answerable, AnswerablePlatt), new LinearScorer(Confidence, ConfidencePlatt),
            SecondStage is null ? null : new TreeEnsembleScorer(SecondStage));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CompiledModel))]
internal sealed partial class CompiledModelJson : JsonSerializerContext;
