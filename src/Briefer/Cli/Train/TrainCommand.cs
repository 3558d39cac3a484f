using System.CommandLine;
using System.Globalization;
using Briefer.Cli.Eval;
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
    public static Command Create(Func<ParseResult, CliSettings> settings)
    {
        var dataset = new Option<string>("--dataset") { Description = "A SQuAD 2.0 JSON file (e.g. ../shared/eval/squad2/dev-v2.0-tune.json).", Required = true };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds, by article.", DefaultValueFactory = _ => 5 };
        var output = new Option<string?>("--out") { Description = "Where to write the model (default: src/Briefer.Core/Answering/Model/answer-model.zip when run from a clone, else ./answer-model.zip)." };
        var workDir = new Option<string?>("--work-dir") { Description = "Keep the training store in this folder and reuse it, instead of a temporary one." };
        var dump = new Option<string?>("--dump") { Description = "Write every question's out-of-fold decision (best sentence, right sentence, probability) to this JSON-lines file, for error analysis." };
        var ablate = new Option<string[]>("--ablate") { Description = "Feature groups to leave out, to measure what they bring: " + string.Join(", ", AnswerFeatures.Groups.Keys) + ".", AllowMultipleArgumentsPerToken = true };
        var trees = new Option<int>("--trees") { Description = "Trees per model.", DefaultValueFactory = _ => new TrainingSettings().RankerTrees };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree.", DefaultValueFactory = _ => new TrainingSettings().Leaves };
        var noSave = new Option<bool>("--no-save") { Description = "Report the out-of-fold figures only; write no model." };
        var answers = new Command("answers", "Train the answer model on SQuAD 2.0 and write it.") { dataset, folds, output, workDir, noSave, dump, ablate, trees, leaves };
        answers.SetAction((r, ct) => EvalStore.RunAsync(r, settings(r), r.GetValue(workDir), (h, c) => TrainAsync(h, c, r.GetValue(dataset)!, r.GetValue(folds), r.GetValue(output), r.GetValue(noSave), r.GetValue(workDir) is not null, r.GetValue(dump), r.GetValue(ablate) ?? [], new TrainingSettings(Folds: r.GetValue(folds), RankerTrees: r.GetValue(trees), ClassifierTrees: r.GetValue(trees), Leaves: r.GetValue(leaves)), ct), ct));
        return new Command("train", "Train Briefer's learned parts.") { answers };
    }

    private static async Task<int> TrainAsync(IHost host, VerbContext context, string datasetPath, int folds, string? output, bool noSave, bool keep, string? dumpPath, string[] ablate, TrainingSettings training, CancellationToken cancellationToken)
    {
        if (folds is < 2 or > 50)
        {
            return context.Fail(ExitCodes.Failed, "--folds must be between 2 and 50.");
        }

        var dataset = SquadDataset.Load(datasetPath);
        var cases = await SquadTrainingSet.BuildAsync(host.Services, dataset, context.Settings.Scope, folds, keep ? Path.Combine(context.Settings.DataDirectory!, "squad-evidence.json") : null, context.Error, cancellationToken).ConfigureAwait(false);
        var unknown = ablate.Where(g => !AnswerFeatures.Groups.ContainsKey(g)).ToList();
        if (unknown.Count > 0)
        {
            return context.Fail(ExitCodes.Failed, $"unknown feature group '{unknown[0]}'; the groups are {string.Join(", ", AnswerFeatures.Groups.Keys)}.");
        }

        if (ablate.Length > 0 && !noSave)
        {
            return context.Fail(ExitCodes.Failed, "--ablate measures a model without some features; add --no-save (an ablated model is never shipped).");
        }

        var left = ablate.SelectMany(g => AnswerFeatures.Groups[g]).ToHashSet(StringComparer.Ordinal);
        var questions = cases.Select(c => Ablation.Without(c.Training, left)).ToList();
        var o = context.Output;
        var answerable = questions.Count(q => q.Answerable);
        var reachable = questions.Count(q => q.Answerable && q.Labels.Contains(true));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{dataset.Articles.Count} articles, {questions.Count} questions ({answerable} answerable); a right sentence is among the candidates for {reachable} ({100.0 * reachable / answerable:F1} %)"));

        var trainer = new AnswerModelTrainer(training);
        await using var dump = dumpPath is null ? null : new StreamWriter(dumpPath);
        var model = trainer.Train(
            questions,
            $"SQuAD 2.0 {Path.GetFileName(datasetPath)}: {dataset.Articles.Count} articles, {questions.Count} questions, {folds} folds by article",
            final: !noSave,
            outOfFold: dump is null ? null : (i, scores, p) => dump.WriteLine(TrainingDump.Line(cases[i] with { Training = questions[i] }, scores, p)));
        if (ablate.Length > 0)
        {
            o.WriteLine("without " + string.Join(", ", ablate));
        }

        o.WriteLine(Describe("out-of-fold (threshold chosen on the same predictions; 'eval squad --folds' holds it out too)", model.Info.Validation));
        if (noSave)
        {
            return ExitCodes.Ok;
        }

        // The reproduction slice: the smallest article, alone in a scope of its own, answered by the final model
        // through the real composer. A test repeats exactly this and must get the same figures.
        var slice = await SliceAsync(host.Services, dataset, model, cancellationToken).ConfigureAwait(false);
        model = model.WithInfo(model.Info with { Slice = slice });
        o.WriteLine(Describe($"slice ({string.Join(", ", slice.Articles)}, final model)", slice.Figures));

        var path = output ?? DefaultOutput();
        await using (var stream = File.Create(path))
        {
            model.Save(stream);
        }

        o.WriteLine($"wrote {path} (threshold {model.Info.AnswerableThreshold.ToString("F3", CultureInfo.InvariantCulture)})");
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

    public static string Describe(string label, AnswerFigures f) => string.Create(
        CultureInfo.InvariantCulture,
        $"{label}: first sentence holds the answer {f.FirstSentenceCorrect}/{f.Answerable} ({100 * f.FirstSentenceRate:F1} %), unanswerable abstained {f.UnanswerableAbstained}/{f.Unanswerable} ({100 * f.AbstainRate:F1} %), wrong abstentions {f.WrongAbstentions} ({100 * f.WrongAbstainRate:F1} %){(f.MissingDocument == 0 ? string.Empty : $", article not loaded: abstained {f.MissingDocumentAbstained}/{f.MissingDocument} ({100 * f.MissingDocumentAbstainRate:F1} %)")}");

    private static string DefaultOutput()
    {
        var folder = Path.Combine("src", "Briefer.Core", "Answering", "Model");
        return Directory.Exists(folder) ? Path.Combine(folder, "answer-model.zip") : "answer-model.zip";
    }
}

/// <summary>Leaves feature groups out of training questions (their values set to zero everywhere), for ablation studies.</summary>
internal static class Ablation
{
    public static TrainingQuestion Without(TrainingQuestion question, IReadOnlySet<string> features)
    {
        if (features.Count == 0)
        {
            return question;
        }

        var candidate = Indices(AnswerFeatures.CandidateNames, features);
        var offset = AnswerFeatures.QuestionNames.Count;
        var own = Indices(AnswerFeatures.QuestionNames, features);
        var rows = question.Rows.Select(r => Zero(r, candidate, 0)).ToList();
        return question with
        {
            Rows = rows,
            QuestionRow = (scores, best) => Zero(Zero(question.QuestionRow(scores, best), own, 0), candidate, offset),
        };
    }

    private static List<int> Indices(IReadOnlyList<string> names, IReadOnlySet<string> features) =>
        [.. Enumerable.Range(0, names.Count).Where(i => features.Contains(names[i]))];

    private static float[] Zero(float[] row, List<int> indices, int offset)
    {
        var copy = (float[])row.Clone();
        foreach (var i in indices)
        {
            copy[offset + i] = 0;
        }

        return copy;
    }
}
