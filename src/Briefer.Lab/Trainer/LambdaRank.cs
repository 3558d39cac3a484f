using Briefer.Core.Answering;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace Briefer.Cli.Trainer;

/// <summary>Fits a FastTree LambdaRank ranker over grouped feature rows: what both ranking stages train with.</summary>
internal static class LambdaRank
{
    public static ITransformer Fit(MLContext ml, IEnumerable<FeatureRow> rows, int width, int trees, int leaves, double learningRate)
    {
        var data = ml.Data.LoadFromEnumerable(rows, FeatureRow.Schema(width, training: true));
        data = ml.Transforms.Conversion.MapValueToKey("GroupKey", nameof(FeatureRow.Group)).Fit(data).Transform(data);
        var trainer = ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
        {
            LabelColumnName = nameof(FeatureRow.Label),
            FeatureColumnName = nameof(FeatureRow.Features),
            RowGroupColumnName = "GroupKey",
            NumberOfTrees = trees,
            NumberOfLeaves = leaves,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = learningRate,
            NumberOfThreads = 1,
        });
        return trainer.Fit(data);
    }
}
