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
public sealed record AnswerModelInfo(
    IReadOnlyList<string> CandidateFeatures,
    IReadOnlyList<string> QuestionFeatures,
    double AnswerableThreshold,
    string Trained,
    AnswerFigures Validation,
    SliceFigures? Slice,
    PassageMargins Passage);

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

    private static readonly Lazy<AnswerModel> Embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly MLContext _ml;
    private readonly ITransformer _ranker;
    private readonly ITransformer _answerable;

    internal AnswerModel(MLContext ml, ITransformer ranker, ITransformer answerable, AnswerModelInfo info)
    {
        _ml = ml;
        _ranker = ranker;
        _answerable = answerable;
        Info = info;
    }

    /// <summary>The model's record of itself.</summary>
    public AnswerModelInfo Info { get; }

    /// <summary>The shipped model (loaded once).</summary>
    public static AnswerModel Shipped => Embedded.Value;

    /// <summary>Scores candidate rows: higher answers the question better (a ranking score, not a probability).</summary>
    public float[] Rank(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Count == 0 ? [] : Score(_ml, _ranker, rows, Info.CandidateFeatures.Count, "Score");
    }

    /// <summary>The probability that the question is answered by the best candidate, from its question row.</summary>
    public float Answerable(float[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Score(_ml, _answerable, [row], Info.QuestionFeatures.Count + Info.CandidateFeatures.Count, "Probability")[0];
    }

    /// <summary>The same model with another abstention threshold.</summary>
    public AnswerModel WithThreshold(double threshold) => new(_ml, _ranker, _answerable, Info with { AnswerableThreshold = threshold });

    /// <summary>The same model with another record (used by training to attach the figures it measured).</summary>
    public AnswerModel WithInfo(AnswerModelInfo info) => new(_ml, _ranker, _answerable, info);

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

    /// <summary>Runs <paramref name="model"/> over feature rows and reads one output column.</summary>
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

        var ranker = Read(RankerEntry, s => ml.Model.Load(s, out _));
        var answerable = Read(AnswerableEntry, s => ml.Model.Load(s, out _));
        return new AnswerModel(ml, ranker, answerable, info);

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

    private static AnswerModel LoadEmbedded()
    {
        using var stream = typeof(AnswerModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from Briefer.Core.");
        return Load(stream);
    }
}

/// <summary>One row of features for ML.NET.</summary>
internal sealed class FeatureRow
{
    public float[] Features { get; set; } = [];

    public float Label { get; set; }

    public uint Group { get; set; }

    public static SchemaDefinition Schema(int width, bool training = false)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        if (!training)
        {
            schema.Remove(schema[nameof(Label)]);
            schema.Remove(schema[nameof(Group)]);
        }

        return schema;
    }

    public static DataViewSchema SchemaOf(MLContext ml, int width) =>
        ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), Schema(width)).Schema;
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(AnswerModelInfo))]
internal sealed partial class AnswerModelJson : JsonSerializerContext;
