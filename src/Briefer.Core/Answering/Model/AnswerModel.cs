using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Briefer.Core.Answering;

/// <summary>What a trained answer model records about itself, so it can be checked and reproduced.</summary>
/// <param name="CandidateFeatures">The candidate feature names it was trained on, in order (must equal <see cref="AnswerFeatures.CandidateNames"/>).</param>
/// <param name="QuestionFeatures">The question feature names it was trained on, in order.</param>
/// <param name="AnswerableThreshold">The answerability probability below which Briefer abstains.</param>
/// <param name="Trained">How it was trained: data, folds, sizes.</param>
/// <param name="Validation">Figures measured on held-out folds when it was trained.</param>
/// <param name="Slice">Figures of the final model on a fixed slice of the training data, for the reproduction test.</param>
/// <param name="Passage">How far below the best sentence its neighbours and a second citation may score and still be quoted.</param>
/// <param name="Confidence">The answer confidence's calibration (<see cref="AnswerCalibration"/>); a model without it does not load.</param>
/// <param name="SecondStage">The second-stage ranker's record (<see cref="Answering.SecondStage"/>); null: the first stage's order stands.</param>
public sealed record AnswerModelInfo(
    IReadOnlyList<string> CandidateFeatures,
    IReadOnlyList<string> QuestionFeatures,
    double AnswerableThreshold,
    string Trained,
    AnswerFigures Validation,
    SliceFigures? Slice,
    PassageMargins Passage,
    ConfidenceCalibrationInfo? Confidence = null,
    SecondStageInfo? SecondStage = null);

/// <summary>
/// Margins in ranking-score units: the sentence after (<paramref name="Next"/>) or before (<paramref name="Previous"/>)
/// the best one joins its quote when it scores within the margin; another sentence becomes a second citation within
/// <paramref name="Second"/>. Negative infinity: never.
/// </summary>
public sealed record PassageMargins(float Next, float Previous, float Second);

/// <summary>Answer-quality figures over a set of questions.</summary>
/// <param name="FirstSentenceCorrect">Answerable questions whose first quoted sentence holds a gold answer, cited to the right document.</param>
/// <param name="AnswerContains">Answerable questions with a gold answer anywhere in the answer.</param>
/// <param name="UnanswerableAbstained">Unanswerable questions abstained on.</param>
/// <param name="WrongAbstentions">Answerable questions abstained on.</param>
/// <param name="MissingDocument">Questions asked with their own document not loaded (scored apart from <paramref name="Unanswerable"/>).</param>
/// <param name="MissingDocumentAbstained">Of those, how many abstained.</param>
public sealed record AnswerFigures(int Answerable, int Unanswerable, int FirstSentenceCorrect, int AnswerContains, int UnanswerableAbstained, int WrongAbstentions, int MissingDocument = 0, int MissingDocumentAbstained = 0)
{
    /// <summary>Answerable questions answered (not abstained) whose first citation is on a page that holds the answer.</summary>
    public int RightPageFirst { get; init; }

    public double RightPageFirstRate => Answerable == 0 ? 0 : RightPageFirst / (double)Answerable;

    public double MissingDocumentAbstainRate => MissingDocument == 0 ? 0 : MissingDocumentAbstained / (double)MissingDocument;

    public double FirstSentenceRate => Answerable == 0 ? 0 : FirstSentenceCorrect / (double)Answerable;

    public double ContainsRate => Answerable == 0 ? 0 : AnswerContains / (double)Answerable;

    public double AbstainRate => Unanswerable == 0 ? 0 : UnanswerableAbstained / (double)Unanswerable;

    public double WrongAbstainRate => Answerable == 0 ? 0 : WrongAbstentions / (double)Answerable;

    public static AnswerFigures operator +(AnswerFigures a, AnswerFigures b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.Answerable + b.Answerable, a.Unanswerable + b.Unanswerable, a.FirstSentenceCorrect + b.FirstSentenceCorrect,
            a.AnswerContains + b.AnswerContains, a.UnanswerableAbstained + b.UnanswerableAbstained, a.WrongAbstentions + b.WrongAbstentions,
            a.MissingDocument + b.MissingDocument, a.MissingDocumentAbstained + b.MissingDocumentAbstained)
        {
            RightPageFirst = a.RightPageFirst + b.RightPageFirst,
        };
    }

    public static AnswerFigures Add(AnswerFigures a, AnswerFigures b) => a + b;

    public static AnswerFigures Empty { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>The final model's figures on a named slice of its training data, recorded at training time.</summary>
/// <param name="Articles">The slice: the titles of the articles whose questions were scored.</param>
public sealed record SliceFigures(IReadOnlyList<string> Articles, AnswerFigures Figures);

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

    private readonly MLContext _ml;
    private readonly ITransformer _ranker;
    private readonly ITransformer _answerable;
    private readonly AnswerCalibration _calibration;
    private readonly ITransformer? _secondStage;
    private readonly RowScorer _rankScorer;
    private readonly RowScorer _answerableScorer;
    private readonly RowScorer? _secondStageScorer;

    internal AnswerModel(MLContext ml, ITransformer ranker, ITransformer answerable, ITransformer confidence, AnswerModelInfo info, ITransformer? secondStage = null)
    {
        if ((secondStage is null) != (info.SecondStage is null))
        {
            throw new ArgumentException("A second-stage ranker and its record come together.", nameof(info));
        }

        _ml = ml;
        _ranker = ranker;
        _answerable = answerable;
        _secondStage = secondStage;
        Info = info;
        _rankScorer = new RowScorer(ml, ranker, info.CandidateFeatures.Count, "Score");
        _answerableScorer = new RowScorer(ml, answerable, info.QuestionFeatures.Count + info.CandidateFeatures.Count, "Probability");
        _secondStageScorer = secondStage is null ? null : new RowScorer(ml, secondStage, info.SecondStage!.Inputs.Count, "Score");
        _calibration = new AnswerCalibration(ml, confidence, info.Confidence ?? throw new ArgumentException("The model's record has no confidence calibration.", nameof(info)), info.QuestionFeatures, info.CandidateFeatures);
    }

    /// <summary>Builds every part's prediction engine now, so the first question does not wait for them (<see cref="AnswerPathWarmup"/>).</summary>
    public void Warm()
    {
        _rankScorer.Warm();
        _answerableScorer.Warm();
        _secondStageScorer?.Warm();
        _calibration.Warm();
    }

    /// <summary>The model's record of itself.</summary>
    public AnswerModelInfo Info { get; }

    /// <summary>The ML.NET parts, for tests that score them the batch way.</summary>
    internal (MLContext Context, ITransformer Ranker, ITransformer Answerable) Parts => (_ml, _ranker, _answerable);

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
        return _answerableScorer.Score(row);
    }

    /// <summary>
    /// The estimated probability that the answer chosen for <paramref name="row"/> (the question row) is right, given its
    /// answerability <paramref name="answerable"/> (<see cref="AnswerCalibration"/>).
    /// </summary>
    public double Confidence(float[] row, double answerable) => _calibration.Confidence(row, answerable);

    /// <summary>The same model with another abstention threshold.</summary>
    public AnswerModel WithThreshold(double threshold) => new(_ml, _ranker, _answerable, _calibration.Combiner, Info with { AnswerableThreshold = threshold }, _secondStage);

    /// <summary>The same model with another record (used by training to attach the figures it measured).</summary>
    public AnswerModel WithInfo(AnswerModelInfo info) => new(_ml, _ranker, _answerable, _calibration.Combiner, info, info.SecondStage is null ? null : _secondStage);

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

    /// <summary>Writes the model (both parts and its record) as one zip.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Write(RankerEntry, s => _ml.Model.Save(_ranker, FeatureRow.SchemaOf(_ml, Info.CandidateFeatures.Count), s));
        Write(AnswerableEntry, s => _ml.Model.Save(_answerable, FeatureRow.SchemaOf(_ml, Info.QuestionFeatures.Count + Info.CandidateFeatures.Count), s));
        Write(ConfidenceEntry, s => _ml.Model.Save(_calibration.Combiner, FeatureRow.SchemaOf(_ml, AnswerCalibration.InputNames.Count), s));
        if (_secondStage is not null)
        {
            Write(SecondStageEntry, s => _ml.Model.Save(_secondStage, FeatureRow.SchemaOf(_ml, Info.SecondStage!.Inputs.Count), s));
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

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static AnswerModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ml = new MLContext(seed: 1);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var info = Read(InfoEntry, s => JsonSerializer.Deserialize(s, AnswerModelJson.Default.AnswerModelInfo))
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

        var ranker = Read(RankerEntry, s => ml.Model.Load(s, out _));
        var answerable = Read(AnswerableEntry, s => ml.Model.Load(s, out _));
        var confidence = Read(ConfidenceEntry, s => ml.Model.Load(s, out _));
        var second = info.SecondStage is null ? null : Read(SecondStageEntry, s => ml.Model.Load(s, out _));
        return new AnswerModel(ml, ranker, answerable, confidence, info, second);

        T Read<T>(string name, Func<Stream, T> read)
        {
            var entry = archive.GetEntry(name) ?? throw new InvalidDataException($"The answer model has no {name}.");
            using var source = entry.Open();
            using var copy = new MemoryStream();
            source.CopyTo(copy);
            copy.Position = 0;
            return read(copy);
        }
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
