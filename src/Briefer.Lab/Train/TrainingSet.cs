using System.Globalization;
using Briefer.Cli.Eval;
using Briefer.Cli.Eval.Docs;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;

namespace Briefer.Cli.Train;

/// <summary>What <c>train answers</c> was asked to do.</summary>
/// <param name="SquadArticles">How many SQuAD articles to train on (spread over the file); 0: all.</param>
/// <param name="DocsWeight">How many times a documentation question counts against a SQuAD one.</param>
/// <param name="WorkDir">Where the parts' stores are kept between runs (<see cref="TrainingStores"/>); null: temporary stores.</param>
internal sealed record TrainingRequest(
    string? SquadPath, int SquadArticles, IReadOnlyList<string> Docs, int DocsWeight, int Folds, string? OutputPath, bool NoSave, string? WorkDir, string? DumpPath, IReadOnlyList<string> Ablate)
{
    /// <summary>Whether to measure second stages of several settings on the run's first-stage scores.</summary>
    public bool SecondStageSweep { get; init; }
}

/// <summary>
/// The training questions of every project: SQuAD articles (folds 0 … folds−1, by article) and each documentation set
/// (one fold of its own, so it is held out as a whole), all featurized by the serving featurizer. Each part is
/// retrieved in a store of its own (<see cref="TrainingStores"/>), so its candidates do not depend on the others.
/// </summary>
internal sealed class TrainingSet
{
    private readonly IReadOnlyList<SquadCase> _squad;
    private readonly IReadOnlyList<DocsCase> _docs;

    private TrainingSet(SquadDataset? squad, IReadOnlyList<SquadCase> squadCases, IReadOnlyList<DocsCase> docs, string description)
    {
        Squad = squad;
        _squad = squadCases;
        _docs = docs;
        Description = description;
        Questions = [.. squadCases.Select(c => c.Training), .. docs.Select(c => c.Training)];
    }

    /// <summary>The SQuAD articles trained on (null without SQuAD).</summary>
    public SquadDataset? Squad { get; }

    /// <summary>Every question, SQuAD's first.</summary>
    public IReadOnlyList<TrainingQuestion> Questions { get; }

    /// <summary>What was trained on, for the model's record.</summary>
    public string Description { get; }

    /// <param name="services">The training host's services: the sentence semantics every part is featurized with.</param>
    public static async Task<TrainingSet> BuildAsync(ILabApp app, IServiceProvider services, VerbContext context, TrainingRequest request, CancellationToken cancellationToken)
    {
        var semantics = SquadTrainingSet.CorpusSemantics(services);
        var parts = new List<string>();
        SquadDataset? squad = null;
        IReadOnlyList<SquadCase> squadCases = [];
        if (request.SquadPath is not null)
        {
            var sample = Sample(SquadDataset.Load(request.SquadPath), request.SquadArticles);
            squad = sample;
            var folder = request.WorkDir is null ? null : TrainingStores.SquadDirectory(request.WorkDir, sample);
            squadCases = await TrainingStores.InStoreAsync(app, context.Settings, folder, (store, path) => SquadTrainingSet.BuildAsync(
                store, sample, context.Settings.Scope, request.Folds, folder is null ? null : Path.Combine(path, "squad-evidence.json"), context.Error, cancellationToken, semantics: semantics), cancellationToken).ConfigureAwait(false);
            parts.Add($"SQuAD 2.0 {Path.GetFileName(request.SquadPath)}: {squad.Articles.Count} articles, {squadCases.Count} questions, {request.Folds} folds by article");
        }

        var featurizer = new AnswerFeaturizer(semantics);
        var docs = new List<DocsCase>();
        for (var k = 0; k < request.Docs.Count; k++)
        {
            var dataset = DocsQaDataset.Load(request.Docs[k]);
            var fold = request.Folds + k;
            var folder = request.WorkDir is null ? null : DocsQaCache.DataDirectory(request.WorkDir, dataset);
            var cases = await TrainingStores.InStoreAsync(app, context.Settings, folder, (store, _) => DocsTrainingSet.BuildAsync(
                store, dataset, fold, request.DocsWeight, featurizer, cancellationToken), cancellationToken).ConfigureAwait(false);
            docs.AddRange(cases);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"docs {dataset.Name}: {dataset.Pages.Count} pages, {cases.Count} questions (weight {request.DocsWeight}), held out as one fold"));
            context.Error.WriteLine($"prepared {dataset.Name}: {cases.Count} questions");
        }

        return new TrainingSet(squad, squadCases, docs, string.Join("; ", parts));
    }

    /// <summary>The dump line of question <paramref name="index"/> (its training form possibly ablated).</summary>
    public string? DumpLine(int index, TrainingQuestion question, float[] scores, float probability) =>
        index < _squad.Count
            ? TrainingDump.Line(_squad[index] with { Training = question }, scores, probability)
            : TrainingDump.Line(_docs[index - _squad.Count] with { Training = question }, scores, probability);

    /// <summary>Every <c>k</c>-th article, so <paramref name="articles"/> of them spread over the file; 0 or more than there are: all.</summary>
    private static SquadDataset Sample(SquadDataset dataset, int articles)
    {
        if (articles <= 0 || articles >= dataset.Articles.Count)
        {
            return dataset;
        }

        var step = dataset.Articles.Count / (double)articles;
        var titles = Enumerable.Range(0, articles).Select(i => dataset.Articles[(int)(i * step)].Title).ToList();
        return TrainCommand.SliceOf(dataset, titles);
    }
}
