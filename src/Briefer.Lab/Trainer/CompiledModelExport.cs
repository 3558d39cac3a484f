using System.Collections.Immutable;
using Briefer.Core.Answering;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;

namespace Briefer.Cli.Trainer;

/// <summary>Exports a trained answer model's ML.NET parts as the arrays serving scores with (<see cref="CompiledModel"/>).</summary>
internal static class CompiledModelExport
{
    /// <summary>The model with its arrays attached (saved with it), or the model as it was when its parts have shapes the arrays cannot hold.</summary>
    public static AnswerModel Compile(AnswerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (_, ranker, answerable) = model.Parts;
        var (confidence, second) = model.MoreParts;
        return From(ranker, answerable, confidence, second) is { } arrays ? model.WithArrays(arrays) : model;
    }

    /// <summary>
    /// The arrays of ML.NET parts of the shapes <c>train answers</c> makes (FastTree ranking and binary models, a
    /// mean–variance normaliser before a logistic regression); null for any other shape (e.g. categorical splits), so
    /// such a model is served by ML.NET as before.
    /// </summary>
    public static CompiledModel? From(ITransformer ranker, ITransformer answerable, ITransformer confidence, ITransformer? secondStage)
    {
        if (Ranking(ranker) is not { } rank
            || answerable is not BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> binary
            || Ensemble(binary.Model.SubModel.TrainedTreeEnsemble) is not { } answerableTrees
            || Linear(confidence) is not { } linear)
        {
            return null;
        }

        EnsembleData? second = null;
        if (secondStage is not null && (second = Ranking(secondStage)) is null)
        {
            return null;
        }

        return new CompiledModel(CompiledModel.CurrentVersion, rank, answerableTrees, Platt(binary.Model.Calibrator), linear.Data, linear.Platt, second);
    }

    private static EnsembleData? Ranking(ITransformer model) =>
        model is RankingPredictionTransformer<FastTreeRankingModelParameters> ranking ? Ensemble(ranking.Model.TrainedTreeEnsemble) : null;

    private static PlattData Platt(PlattCalibrator calibrator) => new(calibrator.Slope, calibrator.Offset);

    private static EnsembleData? Ensemble(RegressionTreeEnsemble ensemble)
    {
        var trees = new List<TreeData>();
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (ensemble.TreeWeights[t] != 1 || tree.CategoricalSplitFlags.Any(c => c))
            {
                return null;
            }

            trees.Add(new TreeData(
                [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds], [.. tree.LeftChild], [.. tree.RightChild], [.. tree.LeafValues]));
        }

        return new EnsembleData(ensemble.Bias, [.. trees]);
    }

    private static (LinearData Data, PlattData Platt)? Linear(ITransformer confidence)
    {
        if (confidence is not TransformerChain<ITransformer> chain || chain.Count() != 2
            || chain.First() is not NormalizingTransformer normalizer
            || normalizer.GetNormalizerModelParameters(0) is not NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine
            || chain.Last() is not BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> regression)
        {
            return null;
        }

        var offset = affine.Offset.IsDefaultOrEmpty ? [] : affine.Offset.ToArray();
        return (new LinearData([.. affine.Scale], offset, [.. regression.Model.SubModel.Weights], regression.Model.SubModel.Bias), Platt(regression.Model.Calibrator));
    }
}
