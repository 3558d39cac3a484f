using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Briefer.Core.Answering;

/// <summary>
/// The learned part of answering: a ranker that orders candidate sentences by how well they answer the question
/// (gradient-boosted trees, LambdaRank) and a classifier that says whether the best of them answers it at all.
/// Both read <see cref="AnswerFeatures"/>. The shipped model is embedded in this assembly; <c>briefer train answers</c>
/// makes a new one.
/// </summary>
public sealed class AnswerModel
{
    /// <summary>The name of the shipped model's resource.</summary>
    public const string ResourceName = "Briefer.Core.Answering.answer-model.zip";

    private const string RankerEntry = "ranker.zip";
    private const string AnswerableEntry = "answerable.zip";
    private const string InfoEntry = "model.json";
    private const string ConfidenceEntry = "confidence.zip";
    private const string SecondStageEntry = "second-stage.zip";

    private static readonly Lazy<AnswerModel> Embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<AnswerModelInfo> EmbeddedInfo = new(LoadEmbeddedInfo, LazyThreadSafetyMode.ExecutionAndPublication);

    private const string CompiledEntry = "compiled.json";

    private readonly Lazy<MlParts> _parts;
    private readonly CompiledModel? _arrays;
    private readonly AnswerCalibration _calibration;
    private readonly IRowModel _rankScorer;
    private readonly IRowModel _answerableScorer;
    private readonly IRowModel? _secondStageScorer;

    internal AnswerModel(MLContext ml, ITransformer ranker, ITransformer answerable, ITransformer confidence, AnswerModelInfo info, ITransformer? secondStage = null)
        : this(new MlParts(ml, ranker, answerable, confidence, secondStage), info)
    {
    }

    /// <summary>A model scored by its ML.NET parts' prediction engines.</summary>
    private AnswerModel(MlParts parts, AnswerModelInfo info)
        : this(new Lazy<MlParts>(parts), null, info, MlScorers(parts, info))
    {
    }

    private AnswerModel(Lazy<MlParts> parts, CompiledModel? arrays, AnswerModelInfo info, (IRowModel Ranker, IRowModel Answerable, IRowModel Confidence, IRowModel? SecondStage) scorers)
    {
        if ((scorers.SecondStage is null) != (info.SecondStage is null))
        {
            throw new ArgumentException("A second-stage ranker and its record come together.", nameof(info));
        }

        _parts = parts;
        _arrays = arrays;
        Info = info;
        _rankScorer = scorers.Ranker;
        _answerableScorer = scorers.Answerable;
        _secondStageScorer = scorers.SecondStage;
        _calibration = new AnswerCalibration(scorers.Confidence, info.Confidence ?? throw new ArgumentException("The model's record has no confidence calibration.", nameof(info)), info.QuestionFeatures, info.CandidateFeatures);
    }

    /// <summary>Builds every part's scorer now, so the first question does not wait for them (<see cref="AnswerPathWarmup"/>).</summary>
    public void Warm()
    {
        _rankScorer.Warm();
        _answerableScorer.Warm();
        _secondStageScorer?.Warm();
        _calibration.Warm();
    }

    /// <summary>The model's record of itself.</summary>
    public AnswerModelInfo Info { get; }

    /// <summary>Whether this model scores with its parts' arrays (<see cref="CompiledModel"/>) rather than ML.NET's engines.</summary>
    internal bool Compiled => _rankScorer is TreeEnsembleScorer;

    /// <summary>The ML.NET parts, for tests that score them the batch way (loaded on first use when the model is served compiled).</summary>
    internal (MLContext Context, ITransformer Ranker, ITransformer Answerable) Parts => (_parts.Value.Ml, _parts.Value.Ranker, _parts.Value.Answerable);

    /// <summary>The ML.NET confidence combiner and second stage, for tests.</summary>
    internal (ITransformer Confidence, ITransformer? SecondStage) MoreParts => (_parts.Value.Confidence, _parts.Value.SecondStage);

    /// <summary>The shipped model (loaded once).</summary>
    public static AnswerModel Shipped => Embedded.Value;

    /// <summary>The shipped model's record alone (read without loading its parts; e.g. for the automatic threshold's default).</summary>
    public static AnswerModelInfo ShippedInfo => EmbeddedInfo.Value;

    /// <summary>
    /// Scores candidate rows: higher answers the question better (a ranking score, not a probability). With a second
    /// stage, its order of the first stage's best candidates stands (<see cref="Answering.SecondStage"/>).
    /// </summary>
    public float[] Rank(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scores = RankFirstStage(rows);
        if (_secondStageScorer is null || Info.SecondStage is not { } stage || rows.Count < 2 || (stage.DocumentationOnly && !Answering.SecondStage.IsDocumentation(rows)))
        {
            return scores;
        }

        var top = Answering.SecondStage.Top(scores, stage.TopK);
        var second = _secondStageScorer.Score(Answering.SecondStage.Inputs(rows, scores, top));
        return Answering.SecondStage.Reorder(scores, top, second);
    }

    /// <summary>The first stage's scores alone.</summary>
    public float[] RankFirstStage(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Count == 0 ? [] : _rankScorer.Score(rows);
    }

    /// <summary>The probability that the question is answered by the best candidate, from its question row.</summary>
    public float Answerable(float[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _answerableScorer.Score([row])[0];
    }

    /// <summary>
    /// The estimated probability that the answer chosen for <paramref name="row"/> (the question row) is right, given its
    /// answerability <paramref name="answerable"/> (<see cref="AnswerCalibration"/>).
    /// </summary>
    public double Confidence(float[] row, double answerable) => _calibration.Confidence(row, answerable);

    /// <summary>The same model with another abstention threshold.</summary>
    public AnswerModel WithThreshold(double threshold) => new(_parts, _arrays, Info with { AnswerableThreshold = threshold }, Scorers);

    /// <summary>The same model scored with (and saved with) its parts' arrays, exported from these parts by the trainer.</summary>
    internal AnswerModel WithArrays(CompiledModel arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        return (arrays.SecondStage is null) != (Info.SecondStage is null)
            ? throw new ArgumentException("The arrays' second stage and the model's record come together.", nameof(arrays))
            : new(_parts, arrays, Info, arrays.Scorers());
    }

    /// <summary>The same model with another record (used by training to attach the figures it measured).</summary>
    public AnswerModel WithInfo(AnswerModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.SecondStage is null
            ? new(new Lazy<MlParts>(() => _parts.Value with { SecondStage = null }), _arrays is null ? null : _arrays with { SecondStage = null }, info, Scorers with { SecondStage = null })
            : new(_parts, _arrays, info, Scorers);
    }

    private (IRowModel Ranker, IRowModel Answerable, IRowModel Confidence, IRowModel? SecondStage) Scorers =>
        (_rankScorer, _answerableScorer, _calibration.Scorer, _secondStageScorer);

    private static (IRowModel Ranker, IRowModel Answerable, IRowModel Confidence, IRowModel? SecondStage) MlScorers(MlParts parts, AnswerModelInfo info) =>
        (new RowScorer(parts.Ml, parts.Ranker, info.CandidateFeatures.Count, "Score"),
            new RowScorer(parts.Ml, parts.Answerable, info.QuestionFeatures.Count + info.CandidateFeatures.Count, "Probability"),
            new RowScorer(parts.Ml, parts.Confidence, AnswerCalibration.InputNames.Count, "Probability"),
            parts.SecondStage is null || info.SecondStage is null ? null : new RowScorer(parts.Ml, parts.SecondStage, info.SecondStage.Inputs.Count, "Score"));

    /// <summary>The index of the highest score (the first on ties).</summary>
    public static int ArgMax(IReadOnlyList<float> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var best = 0;
        for (var i = 1; i < scores.Count; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Runs <paramref name="model"/> over feature rows and reads one output column (for many rows at once, as training scores them; serving scores through a <see cref="RowScorer"/>).</summary>
    internal static float[] Score(MLContext ml, ITransformer model, IReadOnlyList<float[]> rows, int width, string column)
    {
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new FeatureRow { Features = r }), FeatureRow.Schema(width));
        return [.. model.Transform(data).GetColumn<float>(column)];
    }

    /// <summary>
    /// Writes the model as one zip: its ML.NET parts, their arrays for serving (<see cref="CompiledModel"/>, when it
    /// has them: see <see cref="WithArrays"/>) and its record.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (ml, ranker, answerable, confidence, second) = _parts.Value;
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Write(RankerEntry, s => ml.Model.Save(ranker, FeatureRow.SchemaOf(ml, Info.CandidateFeatures.Count), s));
        Write(AnswerableEntry, s => ml.Model.Save(answerable, FeatureRow.SchemaOf(ml, Info.QuestionFeatures.Count + Info.CandidateFeatures.Count), s));
        Write(ConfidenceEntry, s => ml.Model.Save(confidence, FeatureRow.SchemaOf(ml, AnswerCalibration.InputNames.Count), s));
        if (second is not null)
        {
            Write(SecondStageEntry, s => ml.Model.Save(second, FeatureRow.SchemaOf(ml, Info.SecondStage!.Inputs.Count), s));
        }

        if (_arrays is not null)
        {
            Write(CompiledEntry, s => JsonSerializer.Serialize(s, _arrays, CompiledModelJson.Default.CompiledModel));
        }

        Write(InfoEntry, s => JsonSerializer.Serialize(s, Info, AnswerModelJson.Default.AnswerModelInfo));

        void Write(string name, Action<Stream> write)
        {
            // Fixed timestamps keep the committed file byte-identical across identical trainings.
            var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var target = entry.Open();
            write(target);
        }
    }

    /// <summary>
    /// Reads a model written by <see cref="Save"/>. With its arrays (<see cref="CompiledModel"/>) it scores with them
    /// and loads its ML.NET parts only if asked for them (saving, tests); without, it scores with ML.NET as before.
    /// </summary>
    public static AnswerModel Load(Stream stream) => Load(stream, compiled: true);

    /// <param name="compiled">False: score with the ML.NET parts even when the file has their arrays (for comparisons).</param>
    internal static AnswerModel Load(Stream stream, bool compiled)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var info = Read(archive, InfoEntry, s => JsonSerializer.Deserialize(s, AnswerModelJson.Default.AnswerModelInfo))
            ?? throw new InvalidDataException("The answer model has no record.");
        if (FeatureTable.Mismatch(info.CandidateFeatures ?? [], info.QuestionFeatures ?? []) is { } mismatch)
        {
            throw new InvalidDataException(mismatch);
        }

        if (info.Passage is null)
        {
            throw new InvalidDataException("The answer model has no passage margins (it predates them); retrain it with 'briefer train answers'.");
        }

        if (AnswerCalibration.Mismatch(info.Confidence) is { } calibration)
        {
            throw new InvalidDataException(calibration);
        }

        if (Answering.SecondStage.Mismatch(info.SecondStage) is { } secondStage)
        {
            throw new InvalidDataException(secondStage);
        }

        var arrays = compiled && archive.GetEntry(CompiledEntry) is not null
            ? Read(archive, CompiledEntry, s => JsonSerializer.Deserialize(s, CompiledModelJson.Default.CompiledModel))
            : null;
        if (arrays is { Version: CompiledModel.CurrentVersion } && (arrays.SecondStage is null) == (info.SecondStage is null))
        {
            return new AnswerModel(new Lazy<MlParts>(() => LoadParts(bytes, info)), arrays, info, arrays.Scorers());
        }

        return new AnswerModel(LoadParts(bytes, info), info);
    }

    private static MlParts LoadParts(byte[] bytes, AnswerModelInfo info)
    {
        var ml = new MLContext(seed: 1);
        using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        return new MlParts(
            ml,
            Read(archive, RankerEntry, s => ml.Model.Load(s, out _)),
            Read(archive, AnswerableEntry, s => ml.Model.Load(s, out _)),
            Read(archive, ConfidenceEntry, s => ml.Model.Load(s, out _)),
            info.SecondStage is null ? null : Read(archive, SecondStageEntry, s => ml.Model.Load(s, out _)));
    }

    private static T Read<T>(ZipArchive archive, string name, Func<Stream, T> read)
    {
        var entry = archive.GetEntry(name) ?? throw new InvalidDataException($"The answer model has no {name}.");
        using var source = entry.Open();
        using var copy = new MemoryStream();
        source.CopyTo(copy);
        copy.Position = 0;
        return read(copy);
    }

    /// <summary>Reads only the record of a model written by <see cref="Save"/>.</summary>
    public static AnswerModelInfo LoadInfo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var entry = archive.GetEntry(InfoEntry) ?? throw new InvalidDataException($"The answer model has no {InfoEntry}.");
        using var source = entry.Open();
        return JsonSerializer.Deserialize(source, AnswerModelJson.Default.AnswerModelInfo) ?? throw new InvalidDataException("The answer model has no record.");
    }

    private static AnswerModelInfo LoadEmbeddedInfo()
    {
        using var stream = typeof(AnswerModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from Briefer.Core.");
        return LoadInfo(stream);
    }

    private static AnswerModel LoadEmbedded()
    {
        using var stream = typeof(AnswerModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from Briefer.Core.");
        return Load(stream);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(AnswerModelInfo))]
internal sealed partial class AnswerModelJson : JsonSerializerContext;

/// <summary>The answer model's ML.NET parts: what training makes and the model file keeps.</summary>
internal sealed record MlParts(MLContext Ml, ITransformer Ranker, ITransformer Answerable, ITransformer Confidence, ITransformer? SecondStage);
