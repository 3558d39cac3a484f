using System.Globalization;
using Briefer.Cli.Eval;
using Briefer.Cli.Eval.Docs;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    /// <summary>Whether to featurize every part again even when its kept rows match (and keep the new ones).</summary>
    public bool Refeaturize { get; init; }
}

/// <summary>
/// The training questions of every project: SQuAD articles (folds 0 … folds−1, by article) and each documentation set
/// (one fold of its own, so it is held out as a whole), all featurized by the serving featurizer. Each part is
/// retrieved in a store of its own (<see cref="TrainingStores"/>), so its candidates do not depend on the others; with a
/// work folder its featurized rows are kept there (<see cref="TrainingRows"/>) and reused while nothing they depend on changed.
/// </summary>
internal sealed class TrainingSet
{
    private readonly IReadOnlyList<QuestionNotes> _notes;

    private TrainingSet(SquadDataset? squad, IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<QuestionNotes> notes, string description)
    {
        Squad = squad;
        Questions = questions;
        _notes = notes;
        Description = description;
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
        var chunks = services.GetRequiredService<IOptions<AnswerOptions>>().Value.AnswerChunks;
        var parts = new List<string>();
        var questions = new List<TrainingQuestion>();
        var notes = new List<QuestionNotes>();
        SquadDataset? squad = null;
        if (request.SquadPath is not null)
        {
            var sample = Sample(SquadDataset.Load(request.SquadPath), request.SquadArticles);
            squad = sample;
            var folder = request.WorkDir is null ? null : TrainingStores.SquadDirectory(request.WorkDir, sample);
            var key = TrainingRows.Key(string.Create(
                CultureInfo.InvariantCulture,
                $"squad {TrainingRows.HashOf(request.SquadPath)} articles {request.SquadArticles} folds {request.Folds} missing-every {SquadTrainingSet.MissingDocumentEvery} chunks {chunks}"));
            var part = Kept(folder, key, request, context) ?? await Fresh(folder, key, async () =>
            {
                var cases = await TrainingStores.InStoreAsync(app, context.Settings, folder, (store, path) => SquadTrainingSet.BuildAsync(
                    store, sample, context.Settings.Scope, request.Folds, folder is null ? null : Path.Combine(path, "squad-evidence.json"), context.Error, cancellationToken, semantics: semantics), cancellationToken).ConfigureAwait(false);
                return new TrainingPart([.. cases.Select(c => c.Training)], [.. cases.Select(NotesOf)]);
            }).ConfigureAwait(false);
            questions.AddRange(part.Questions);
            notes.AddRange(part.Notes);
            parts.Add($"SQuAD 2.0 {Path.GetFileName(request.SquadPath)}: {squad.Articles.Count} articles, {part.Questions.Count} questions, {request.Folds} folds by article");
        }

        var featurizer = new AnswerFeaturizer(semantics);
        for (var k = 0; k < request.Docs.Count; k++)
        {
            var dataset = DocsQaDataset.Load(request.Docs[k]);
            var fold = request.Folds + k;
            var folder = request.WorkDir is null ? null : DocsQaCache.DataDirectory(request.WorkDir, dataset);
            var key = TrainingRows.Key(string.Create(
                CultureInfo.InvariantCulture,
                $"docs {dataset.Name} pages {Path.GetFileName(folder ?? DocsQaCache.DataDirectory(string.Empty, dataset))} questions {TrainingRows.HashOf(dataset.QuestionsPath)} chunks {chunks}"));
            var part = Kept(folder, key, request, context) ?? await Fresh(folder, key, async () =>
            {
                var cases = await TrainingStores.InStoreAsync(app, context.Settings, folder, (store, _) => DocsTrainingSet.BuildAsync(
                    store, dataset, fold, request.DocsWeight, featurizer, cancellationToken), cancellationToken).ConfigureAwait(false);
                return new TrainingPart([.. cases.Select(c => c.Training)], [.. cases.Select(NotesOf)]);
            }).ConfigureAwait(false);

            // The fold and weight are the request's, not the kept rows' (a set's place in the list, --docs-weight).
            questions.AddRange(part.Questions.Select(q => q with { Fold = fold, Weight = request.DocsWeight }));
            notes.AddRange(part.Notes);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"docs {dataset.Name}: {dataset.Pages.Count} pages, {part.Questions.Count} questions (weight {request.DocsWeight}), held out as one fold"));
            context.Error.WriteLine($"prepared {dataset.Name}: {part.Questions.Count} questions");
        }

        return new TrainingSet(squad, questions, notes, string.Join("; ", parts));
    }

    /// <summary>The dump line of question <paramref name="index"/> (its training form possibly ablated).</summary>
    public string DumpLine(int index, TrainingQuestion question, float[] scores, float probability) =>
        TrainingDump.Line(_notes[index], question, scores, probability);

    private static TrainingPart? Kept(string? folder, string key, TrainingRequest request, VerbContext context)
    {
        if (folder is null || request.Refeaturize)
        {
            return null;
        }

        var part = TrainingRows.Read(TrainingRows.PathOf(folder, key), key);
        if (part is not null)
        {
            context.Error.WriteLine($"kept rows: {Path.GetFileName(folder)} ({part.Questions.Count} questions)");
        }

        return part;
    }

    private static async Task<TrainingPart> Fresh(string? folder, string key, Func<Task<TrainingPart>> build)
    {
        var part = await build().ConfigureAwait(false);
        if (folder is not null)
        {
            TrainingRows.Write(TrainingRows.PathOf(folder, key), key, part);
        }

        return part;
    }

    private static QuestionNotes NotesOf(SquadCase item) => new(
        item.Question.Id, item.Question.Text, QuestionAnalyzer.Analyze(item.Question.Text).AnswerType.ToString(), item.Question.Answers,
        [.. SentenceCandidates.From(item.Evidence).Select(c => c.Text)], [], false);

    private static QuestionNotes NotesOf(DocsCase item)
    {
        var candidates = SentenceCandidates.From(item.Evidence);
        return new(
            string.Empty, item.Question.Q, item.Question.Kind, item.Question.GoldStrings,
            [.. candidates.Select(c => c.Text)], [.. candidates.Select(c => Path.GetFileName(c.Chunk.Source))],
            item.Evidence.Any(c => item.Question.AllowedPages.Contains(Path.GetFileName(c.Source)) && DocsQaScorer.ContainsAny(c.Text, item.Question.GoldStrings)));
    }

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
