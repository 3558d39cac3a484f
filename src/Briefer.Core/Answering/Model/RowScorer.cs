using Microsoft.ML;
using Microsoft.ML.Data;

namespace Briefer.Core.Answering;

/// <summary>
/// Scores feature rows with one of the answer model's parts through a prediction engine built once, for serving:
/// <see cref="AnswerModel.Score"/> builds a data view and a transform pipeline on every call, which cost more than
/// the trees themselves (about a millisecond idle per call, three calls per question). Same mapper, same values.
/// </summary>
internal sealed class RowScorer : IRowModel
{
    private readonly Lazy<PredictionEngine<FeatureRow, ScoreColumn>> _engine;
    private readonly Lock _lock = new();
    private ScoreColumn _output = new();

    /// <param name="ml">The model's context.</param>
    /// <param name="model">The part to run.</param>
    /// <param name="width">The width of its feature rows.</param>
    /// <param name="column">The output column read ("Score" for the ranker, "Probability" for a classifier).</param>
    public RowScorer(MLContext ml, ITransformer model, int width, string column)
    {
        _engine = new Lazy<PredictionEngine<FeatureRow, ScoreColumn>>(
            () =>
            {
                var output = SchemaDefinition.Create(typeof(ScoreColumn));
                output[nameof(ScoreColumn.Value)].ColumnName = column;
                return ml.Model.CreatePredictionEngine<FeatureRow, ScoreColumn>(model, ignoreMissingColumns: true, FeatureRow.Schema(width), output);
            },
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The scores of <paramref name="rows"/>, in order.</summary>
    public float[] Score(IReadOnlyList<float[]> rows)
    {
        var scores = new float[rows.Count];
        var engine = _engine.Value;

        // A prediction engine is not thread-safe; scoring a question's rows takes microseconds, so a lock is enough.
        lock (_lock)
        {
            var input = new FeatureRow();
            for (var i = 0; i < rows.Count; i++)
            {
                input.Features = rows[i];
                engine.Predict(input, ref _output);
                scores[i] = _output.Value;
            }
        }

        return scores;
    }

    /// <summary>Builds the prediction engine now rather than at the first row (a cold start builds it off the question's path).</summary>
    public void Warm() => _ = _engine.Value;

    /// <summary>The score of one row.</summary>
    public float Score(float[] row) => Score([row])[0];

    /// <summary>The one output column read.</summary>
    internal sealed class ScoreColumn
    {
        public float Value { get; set; }
    }
}
