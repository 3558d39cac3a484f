using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Briefer.Cli.Eval;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefer.Cli.Train;

/// <summary>
/// <c>briefer train answers</c>: trains the answer model (sentence ranker + answerability classifier) on a SQuAD 2.0
/// file, reports its cross-validated figures, and writes the model file the core embeds.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(Func<ParseResult, CliSettings> settings, ILabApp app)
    {
        var dataset = new Option<string?>("--dataset") { Description = "A SQuAD 2.0 JSON file (e.g. ../shared/eval/squad2/dev-v2.0-tune.json)." };
        var squadArticles = new Option<int>("--squad-articles") { Description = "Train on this many of the SQuAD file's articles (spread over the file); 0: all.", DefaultValueFactory = _ => 0 };
        var docs = new Option<string[]>("--docs") { Description = "Documentation sets in the docsqa layout (docs/, questions.json), each one project held out as a whole (e.g. eval/docs/valkey ../shared/eval/docsqa-dev).", AllowMultipleArgumentsPerToken = true };
        var docsWeight = new Option<int>("--docs-weight") { Description = "How many times a documentation question counts in training against a SQuAD one.", DefaultValueFactory = _ => 8 };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds of SQuAD articles (each documentation set is a fold of its own).", DefaultValueFactory = _ => 5 };
        var output = new Option<string?>("--out") { Description = "Where to write the model (default: src/Briefer.Core/Answering/Model/answer-model.zip when run from a clone, else ./answer-model.zip)." };
        var workDir = new Option<string?>("--work-dir") { Description = "Keep the training stores (one per part and build) in this folder and reuse them, instead of temporary ones." };
        var dump = new Option<string?>("--dump") { Description = "Write every question's out-of-fold decision (best sentence, right sentence, probability) to this JSON-lines file, for error analysis." };
        var ablate = new Option<string[]>("--ablate") { Description = "Feature groups to leave out, to measure what they bring: " + string.Join(", ", AnswerFeatures.Groups.Keys) + ".", AllowMultipleArgumentsPerToken = true };
        var trees = new Option<int>("--trees") { Description = "Trees per model.", DefaultValueFactory = _ => new TrainingSettings().RankerTrees };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree.", DefaultValueFactory = _ => new TrainingSettings().Leaves };
        var pageGrade = new Option<int>("--page-grade") { Description = "The ranker's relevance of the other units of a page that holds the answer (the answer's unit is one above; 0: only the answer counts).", DefaultValueFactory = _ => new TrainingSettings().PageGrade };
        var secondStage = new Option<int>("--second-stage-k") { Description = "How many of the first stage's best candidates the second-stage ranker reorders (0: no second stage).", DefaultValueFactory = _ => new TrainingSettings().SecondStageTopK };
        var secondStageScope = new Option<string>("--second-stage-scope") { Description = "Where the second stage is trained and applied: docs (documentation-shaped evidence only) or all.", DefaultValueFactory = _ => "docs" };
        secondStageScope.AcceptOnlyFromAmong("docs", "all");
        var sweep = new Option<bool>("--second-stage-sweep") { Description = "Also measure second stages of several settings on this run's out-of-fold first-stage scores (with --no-save)." };
        var noSave = new Option<bool>("--no-save") { Description = "Report the out-of-fold figures only; write no model." };
        var refeaturize = new Option<bool>("--refeaturize") { Description = "Featurize every part again even when the rows kept under --work-dir match this build and data (and keep the new ones)." };
        var answers = new Command("answers", "Train the answer model on SQuAD 2.0 and documentation sets, report held-out figures per project, and write it.")
        {
            dataset, squadArticles, docs, docsWeight, folds, output, workDir, noSave, dump, ablate, trees, leaves, pageGrade, secondStage, secondStageScope, sweep, refeaturize,
        };
        // The training host only featurizes (its store stays empty, so temporary); each part's evidence comes from a store of
        // its own, kept under --work-dir (TrainingStores).
        answers.SetAction((r, ct) => EvalStore.RunAsync(app, r, settings(r), null, (h, c) => TrainAsync(
            app,
            h,
            c,
            new TrainingRequest(
                r.GetValue(dataset), r.GetValue(squadArticles), r.GetValue(docs) ?? [], r.GetValue(docsWeight), r.GetValue(folds), r.GetValue(output),
                r.GetValue(noSave), r.GetValue(workDir), r.GetValue(dump), r.GetValue(ablate) ?? []) { SecondStageSweep = r.GetValue(sweep), Refeaturize = r.GetValue(refeaturize) },
            new TrainingSettings(Folds: r.GetValue(folds), RankerTrees: r.GetValue(trees), ClassifierTrees: r.GetValue(trees), Leaves: r.GetValue(leaves), PageGrade: r.GetValue(pageGrade),
                SecondStageTopK: r.GetValue(secondStage), SecondStageDocumentationOnly: r.GetValue(secondStageScope) != "all"),
            ct), ct));
        return new Command("train", "Train Briefer's learned parts.") { answers };
    }

    private static async Task<int> TrainAsync(ILabApp app, IHost host, VerbContext context, TrainingRequest request, TrainingSettings training, CancellationToken cancellationToken)
    {
        if (request.Folds is < 2 or > 50)
        {
            return context.Fail(ExitCodes.Failed, "--folds must be between 2 and 50.");
        }

        if (request.SquadPath is null && request.Docs.Count == 0)
        {
            return context.Fail(ExitCodes.Failed, "nothing to train on: pass a SQuAD file with --dataset, documentation sets with --docs, or both.");
        }

        if (training.SecondStageTopK is < 0 or > 50)
        {
            return context.Fail(ExitCodes.Failed, "--second-stage-k must be between 0 (no second stage) and 50.");
        }

        var unknown = request.Ablate.Where(g => !AnswerFeatures.Groups.ContainsKey(g)).ToList();
        if (unknown.Count > 0)
        {
            return context.Fail(ExitCodes.Failed, $"unknown feature group '{unknown[0]}'; the groups are {string.Join(", ", AnswerFeatures.Groups.Keys)}.");
        }

        if (request.Ablate.Count > 0 && !request.NoSave)
        {
            return context.Fail(ExitCodes.Failed, "--ablate measures a model without some features; add --no-save (an ablated model is never shipped).");
        }

        var started = Stopwatch.GetTimestamp();
        var set = await TrainingSet.BuildAsync(app, host.Services, context, request, cancellationToken).ConfigureAwait(false);
        var prepared = Stopwatch.GetElapsedTime(started);
        var left = request.Ablate.SelectMany(g => AnswerFeatures.Groups[g]).ToHashSet(StringComparer.Ordinal);
        var questions = set.Questions.Select(q => Ablation.Without(q, left)).ToList();
        var o = context.Output;
        var answerable = questions.Count(q => q.Answerable);
        var reachable = questions.Count(q => q.Answerable && q.Labels.Contains(true));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{set.Description}: {questions.Count} questions ({answerable} answerable); a right candidate is among them for {reachable} ({100.0 * reachable / Math.Max(1, answerable):F1} %); prepared in {prepared.TotalSeconds:F0} s"));

        var trainer = new AnswerModelTrainer(training);
        var oofScores = new float[questions.Count][];
        var oofProbabilities = new float[questions.Count];
        await using var dump = request.DumpPath is null ? null : new StreamWriter(request.DumpPath);
        started = Stopwatch.GetTimestamp();
        var model = trainer.Train(
            questions,
            set.Description,
            final: !request.NoSave,
            outOfFold: (i, scores, p) =>
            {
                (oofScores[i], oofProbabilities[i]) = (scores, p);
                dump?.WriteLine(set.DumpLine(i, questions[i], scores, p));
            });
        o.WriteLine(model.Info.SecondStage is { } stage ? $"second stage: reorders the first stage's top {stage.TopK} ({(stage.DocumentationOnly ? "documentation-shaped evidence only" : "all evidence")})" : "no second stage");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s ({training.RankerTrees} trees of {training.Leaves} leaves)"));
        if (request.Ablate.Count > 0)
        {
            o.WriteLine("without " + string.Join(", ", request.Ablate));
        }

        o.WriteLine(Describe("out-of-fold, all (threshold chosen on the same predictions; 'eval squad --folds' holds it out too)", model.Info.Validation));
        foreach (var project in questions.Select(q => q.Project).Distinct())
        {
            var indices = Enumerable.Range(0, questions.Count).Where(i => questions[i].Project == project).ToList();
            var figures = AnswerModelTrainer.Figures([.. indices.Select(i => questions[i])], [.. indices.Select(i => oofScores[i])], [.. indices.Select(i => oofProbabilities[i])], model.Info.AnswerableThreshold);
            o.WriteLine(Describe($"held out, {project}", figures));
            var alone = AnswerModelTrainer.Figures([.. indices.Select(i => questions[i] with { RuleAbstains = false })], [.. indices.Select(i => oofScores[i])], [.. indices.Select(i => oofProbabilities[i])], model.Info.AnswerableThreshold);
            var ruled = indices.Select(i => questions[i]).Where(q => q.RuleAbstains && !q.MissingDocument).ToList();
            if (model.Info.SecondStage is not null)
            {
                var firstOnly = AnswerModelTrainer.Figures([.. indices.Select(i => questions[i])], [.. indices.Select(i => trainer.FirstStageScores[i])], [.. indices.Select(i => oofProbabilities[i])], model.Info.AnswerableThreshold);
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first stage's order (same abstentions): first unit {firstOnly.FirstSentenceCorrect}/{firstOnly.Answerable}, right page first {firstOnly.RightPageFirst}"));
            }

            o.WriteLine(Describe($"  the model alone (no key-term rule; the rule abstains on {ruled.Count(q => !q.Answerable)} unanswerable, {ruled.Count(q => q.Answerable)} answerable)", alone));
        }

        OperatingPointTable.Write(o, model.Info.Confidence!);
        if (request.SecondStageSweep)
        {
            SecondStageSweep.Write(o, questions, trainer.FirstStageScores, oofProbabilities, model.Info.AnswerableThreshold, training);
        }

        if (request.NoSave)
        {
            return ExitCodes.Ok;
        }

        // The reproduction slice: the smallest article, alone in a scope of its own, answered by the final model
        // through the real composer. A test repeats exactly this and must get the same figures.
        if (set.Squad is { } squad)
        {
            var slice = await SliceInAStoreOfItsOwnAsync(app, squad, model, cancellationToken).ConfigureAwait(false);
            model = model.WithInfo(model.Info with { Slice = slice });
            o.WriteLine(Describe($"slice ({string.Join(", ", slice.Articles)}, final model)", slice.Figures));
        }

        var path = request.OutputPath ?? DefaultOutput();
        await using (var stream = File.Create(path))
        {
            model.Save(stream);
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} (threshold {model.Info.AnswerableThreshold:F3}, automatic threshold {model.Info.Confidence!.AutoThreshold:F2})"));
        return ExitCodes.Ok;
    }

    /// <summary>The slice the reproduction test checks: the article with the least text.</summary>
    public static SquadDataset SliceOf(SquadDataset dataset, IReadOnlyList<string>? titles = null)
    {
        var chosen = titles is null
            ? [dataset.Articles.Select((a, i) => (a, i)).MinBy(x => x.a.Paragraphs.Sum(p => p.Length)).i]
            : Enumerable.Range(0, dataset.Articles.Count).Where(i => titles.Contains(dataset.Articles[i].Title)).ToList();
        var map = chosen.Select((old, index) => (old, index)).ToDictionary(x => x.old, x => x.index);
        return new SquadDataset(
            [.. chosen.Select(i => dataset.Articles[i])],
            [.. dataset.Questions.Where(q => map.ContainsKey(q.Article)).Select(q => q with { Article = map[q.Article] })]);
    }

    /// <summary>Answers the slice's questions with <paramref name="model"/> in a scope of their own and judges them.</summary>
    public static async Task<SliceFigures> SliceAsync(IServiceProvider services, SquadDataset dataset, AnswerModel model, CancellationToken cancellationToken, IReadOnlyList<string>? titles = null)
    {
        var slice = SliceOf(dataset, titles);
        var cases = await SquadTrainingSet.BuildAsync(services, slice, new Core.Documents.ScopeId("squad-slice"), 1, null, null, cancellationToken, missingDocuments: false).ConfigureAwait(false);
        var options = services.GetRequiredService<IOptions<AnswerOptions>>().Value;
        var f = SquadEvaluation.Judge(cases, model, options, services.GetRequiredService<SentenceSemantics>());
        return new SliceFigures(
            [.. slice.Articles.Select(a => a.Title)],
            new AnswerFigures(f.Answerable, f.Unanswerable, f.FirstCitationCorrect, f.AnswerContains, f.Abstained, f.WrongAbstentions));
    }

    /// <summary>
    /// The slice measured in a fresh store, exactly as the reproduction test measures it: BM25 term statistics are
    /// store-wide, so measured in the training store (other articles and documentation sets beside it) the figures differ
    /// by a question or two and the test could never reproduce them.
    /// </summary>
    private static async Task<SliceFigures> SliceInAStoreOfItsOwnAsync(ILabApp app, SquadDataset squad, AnswerModel model, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "briefer-slice-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var host = await app.StartHostAsync(new CliSettings(folder, Core.Documents.ScopeId.Local, false), cancellationToken).ConfigureAwait(false);
            var slice = await SliceAsync(host.Services, squad, model, cancellationToken).ConfigureAwait(false);
            await host.StopAsync(cancellationToken).ConfigureAwait(false);
            return slice;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    public static string Describe(string label, AnswerFigures f) => string.Create(
        CultureInfo.InvariantCulture,
        $"{label}: first unit holds the answer {f.FirstSentenceCorrect}/{f.Answerable} ({100 * f.FirstSentenceRate:F1} %), right page first {f.RightPageFirst}/{f.Answerable} ({100 * f.RightPageFirstRate:F1} %), unanswerable abstained {f.UnanswerableAbstained}/{f.Unanswerable} ({100 * f.AbstainRate:F1} %), wrong abstentions {f.WrongAbstentions} ({100 * f.WrongAbstainRate:F1} %){(f.MissingDocument == 0 ? string.Empty : $", article not loaded: abstained {f.MissingDocumentAbstained}/{f.MissingDocument} ({100 * f.MissingDocumentAbstainRate:F1} %)")}");

    private static string DefaultOutput()
    {
        var folder = Path.Combine("src", "Briefer.Core", "Answering", "Model");
        return Directory.Exists(folder) ? Path.Combine(folder, "answer-model.zip") : "answer-model.zip";
    }
}
