using System.CommandLine;
using System.Globalization;
using Briefer.Cli.Eval;
using Briefer.Core.Answering;
using Microsoft.Extensions.Hosting;

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
        var output = new Option<string?>("--out") { Description = "Where to write the model (default: src/Briefer.Core/Answering/answer-model.zip when run from a clone, else ./answer-model.zip)." };
        var workDir = new Option<string?>("--work-dir") { Description = "Keep the training store in this folder and reuse it, instead of a temporary one." };
        var dump = new Option<string?>("--dump") { Description = "Write every question's out-of-fold decision (best sentence, right sentence, probability) to this JSON-lines file, for error analysis." };
        var noSave = new Option<bool>("--no-save") { Description = "Report the out-of-fold figures only; write no model." };
        var answers = new Command("answers", "Train the answer model on SQuAD 2.0 and write it.") { dataset, folds, output, workDir, noSave, dump };
        answers.SetAction((r, ct) => EvalStore.RunAsync(r, settings(r), r.GetValue(workDir), (h, c) => TrainAsync(h, c, r.GetValue(dataset)!, r.GetValue(folds), r.GetValue(output), r.GetValue(noSave), r.GetValue(workDir) is not null, r.GetValue(dump), ct), ct));
        return new Command("train", "Train Briefer's learned parts.") { answers };
    }

    private static async Task<int> TrainAsync(IHost host, VerbContext context, string datasetPath, int folds, string? output, bool noSave, bool keep, string? dumpPath, CancellationToken cancellationToken)
    {
        if (folds is < 2 or > 50)
        {
            return context.Fail(ExitCodes.Failed, "--folds must be between 2 and 50.");
        }

        var dataset = SquadDataset.Load(datasetPath);
        var cases = await SquadTrainingSet.BuildAsync(host.Services, dataset, context.Settings.Scope, folds, keep ? Path.Combine(context.Settings.DataDirectory!, "squad-evidence.json") : null, context.Error, cancellationToken).ConfigureAwait(false);
        var questions = cases.Select(c => c.Training).ToList();
        var o = context.Output;
        var answerable = questions.Count(q => q.Answerable);
        var reachable = questions.Count(q => q.Answerable && q.Labels.Contains(true));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{dataset.Articles.Count} articles, {questions.Count} questions ({answerable} answerable); a right sentence is among the candidates for {reachable} ({100.0 * reachable / answerable:F1} %)"));

        var trainer = new AnswerModelTrainer(new TrainingSettings(Folds: folds));
        await using var dump = dumpPath is null ? null : new StreamWriter(dumpPath);
        var model = trainer.Train(
            questions,
            $"SQuAD 2.0 {Path.GetFileName(datasetPath)}: {dataset.Articles.Count} articles, {questions.Count} questions, {folds} folds by article",
            final: !noSave,
            outOfFold: dump is null ? null : (i, scores, p) => dump.WriteLine(TrainingDump.Line(cases[i], scores, p)));
        o.WriteLine(Describe("out-of-fold (threshold chosen on the same predictions; 'eval squad --folds' holds it out too)", model.Info.Validation));
        if (noSave)
        {
            return ExitCodes.Ok;
        }

        var path = output ?? DefaultOutput();
        await using (var stream = File.Create(path))
        {
            model.Save(stream);
        }

        o.WriteLine($"wrote {path} (threshold {model.Info.AnswerableThreshold.ToString("F3", CultureInfo.InvariantCulture)})");
        return ExitCodes.Ok;
    }

    public static string Describe(string label, AnswerFigures f) => string.Create(
        CultureInfo.InvariantCulture,
        $"{label}: first sentence holds the answer {f.FirstSentenceCorrect}/{f.Answerable} ({100 * f.FirstSentenceRate:F1} %), unanswerable abstained {f.UnanswerableAbstained}/{f.Unanswerable} ({100 * f.AbstainRate:F1} %), wrong abstentions {f.WrongAbstentions} ({100 * f.WrongAbstainRate:F1} %)");

    private static string DefaultOutput()
    {
        var folder = Path.Combine("src", "Briefer.Core", "Answering");
        return Directory.Exists(folder) ? Path.Combine(folder, "answer-model.zip") : "answer-model.zip";
    }
}
