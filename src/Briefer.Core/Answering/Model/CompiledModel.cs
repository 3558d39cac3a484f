using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;

namespace Briefer.Core.Answering;

/// <summary>
/// The answer model's parts as plain arrays (<see cref="TreeEnsembleScorer"/>, <see cref="LinearScorer"/>), written
/// into the model file beside ML.NET's own entries when the model is saved. Serving reads these and never loads
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

        return new CompiledModel(CurrentVersion, rank, answerableTrees, Platt(binary.Model.Calibrator), linear.Data, linear.Platt, second);
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

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CompiledModel))]
internal sealed partial class CompiledModelJson : JsonSerializerContext;
