using System.CommandLine;
using System.Globalization;
using Briefer.Cli.Train;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefer.Cli.Eval;

/// <summary>
/// <c>briefer eval squad</c>: answer selection and abstention on SQuAD 2.0. With <c>--folds</c>, the answer model is
/// retrained for each fold of articles on the others and judged on the held-out ones (the figures that predict unseen
/// documents); without it, the shipped model answers every question.
/// </summary>
internal static class SquadVerb
{
    public static Command Create(Func<ParseResult, CliSettings> settings, ILabApp app)
    {
        var dataset = new Option<string>("--dataset") { Description = "A SQuAD 2.0 JSON file (e.g. ../shared/eval/squad2/dev-v2.0-tune.json).", Required = true };
        var folds = new Option<int>("--folds") { Description = "Cross-validate over this many folds of articles (retraining per fold); 0: judge the shipped model.", DefaultValueFactory = _ => 0 };
        var workDir = new Option<string?>("--work-dir") { Description = "Keep the evaluation store under this folder (one per core build and file, the one train answers keeps) and reuse it, instead of a temporary one." };
        var answers = new Option<string?>("--answers") { Description = "Also write every question's answer to this JSON-lines file." };
        var squad = new Command("squad", "Ingest SQuAD 2.0 articles, ask every question, and count first-sentence answers, abstentions on unanswerable questions and wrong abstentions.")
        {
            dataset, folds, workDir, answers,
        };
        squad.SetAction((r, ct) => StartAsync(app, r, settings(r), r.GetValue(dataset)!, r.GetValue(workDir), (h, c, d) => RunAsync(h, c, d, r.GetValue(dataset)!, r.GetValue(folds), r.GetValue(answers), r.GetValue(workDir) is not null, ct), ct));
        return squad;
    }

    /// <summary>
    /// Loads the file, then runs on its store: with <c>--work-dir</c>, the kept one of this core build and these articles
    /// (<see cref="TrainingStores.SquadDirectory"/>, the one <c>train answers</c> keeps), since an unchanged article keeps
    /// the chunks the build that ingested it cut.
    /// </summary>
    private static async Task<int> StartAsync(ILabApp app, ParseResult parseResult, CliSettings settings, string datasetPath, string? workDir, Func<IHost, VerbContext, SquadDataset, Task<int>> verb, CancellationToken cancellationToken)
    {
        SquadDataset dataset;
        try
        {
            dataset = SquadDataset.Load(datasetPath);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return new VerbContext(settings, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error).Fail(ExitCodes.Failed, ex.Message);
        }

        var store = workDir is null ? null : TrainingStores.SquadDirectory(workDir, dataset);
        return await EvalStore.RunAsync(app, parseResult, settings, store, (h, c) => verb(h, c, dataset), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(IHost host, VerbContext context, SquadDataset dataset, string datasetPath, int folds, string? answersPath, bool keep, CancellationToken cancellationToken)
    {
        if (folds is 1 or < 0 or > 50)
        {
            return context.Fail(ExitCodes.Failed, "--folds must be 0 (the shipped model) or between 2 and 50.");
        }

        var semantics = SquadTrainingSet.CorpusSemantics(host.Services);
        var cases = await SquadTrainingSet.BuildAsync(host.Services, dataset, context.Settings.Scope, Math.Max(folds, 1), keep ? Path.Combine(context.Settings.DataDirectory!, "squad-evidence.json") : null, context.Error, cancellationToken, semantics: semantics).ConfigureAwait(false);
        var options = host.Services.GetRequiredService<IOptions<AnswerOptions>>().Value;
        await using var dump = answersPath is null ? null : new StreamWriter(answersPath);
        void Write(SquadCase item, Answer answer) => dump?.WriteLine(EvalJson.SerializeLine(new SquadAnswerDump(
            item.Question.Id, item.Question.Text, item.Question.Impossible, item.Question.Answers, answer.Abstained, answer.AbstainReason, answer.Text, SquadEvaluation.Judge(item, answer).FirstCitationCorrect == 1)));

        SquadFigures figures;
        string how;
        if (folds == 0)
        {
            var model = host.Services.GetRequiredService<AnswerSelector>().Model;
            figures = SquadEvaluation.Judge(cases, model, options, semantics, Write);
            how = "the shipped answer model (not held out if it was trained on this file)";
        }
        else
        {
            figures = SquadFigures.Empty;
            var trainer = new AnswerModelTrainer(new TrainingSettings(Folds: folds));
            trainer.CrossValidate([.. cases.Select(c => c.Training)], (fold, model, test) =>
            {
                figures += SquadEvaluation.Judge([.. test.Select(i => cases[i])], model, options, semantics, Write);
                context.Error.WriteLine($"fold {fold + 1}/{folds} done");
            });
            how = $"{folds} folds by article: each fold answered by a model trained on the other folds";
        }

        if (context.Settings.Json)
        {
            context.Output.WriteLine(EvalJson.Serialize(new SquadJson(
                Path.GetFullPath(datasetPath), how, dataset.Articles.Count, figures.Answerable, figures.Unanswerable, figures.FirstCitationCorrect,
                figures.FirstSentenceCorrect, figures.AnswerContains, figures.Abstained, figures.WrongAbstentions,
                Math.Round(figures.Rate(figures.FirstCitationCorrect), 4), Math.Round(figures.Rate(figures.Abstained, answerable: false), 4),
                Math.Round(figures.Rate(figures.WrongAbstentions), 4), figures.MissingDocument, figures.MissingDocumentAbstained)));
            return ExitCodes.Ok;
        }

        var o = context.Output;
        o.WriteLine($"{Path.GetFileName(datasetPath)}: {dataset.Articles.Count} articles, {figures.Answerable} answerable and {figures.Unanswerable} unanswerable questions; {how}");
        o.WriteLine();
        o.WriteLine(Line("answerable: first citation holds a gold answer, right article", figures.FirstCitationCorrect, figures.Answerable));
        o.WriteLine(Line("answerable: first sentence alone holds it", figures.FirstSentenceCorrect, figures.Answerable));
        o.WriteLine(Line("answerable: a gold answer anywhere in the answer", figures.AnswerContains, figures.Answerable));
        o.WriteLine(Line("unanswerable: abstained", figures.Abstained, figures.Unanswerable));
        o.WriteLine(Line("answerable: abstained (wrong abstentions)", figures.WrongAbstentions, figures.Answerable));
        o.WriteLine(Line("asked with its article not loaded: abstained", figures.MissingDocumentAbstained, figures.MissingDocument));
        var answered = figures.Answerable - figures.WrongAbstentions + figures.Unanswerable - figures.Abstained;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"sentences quoted per answer",-64} {(answered == 0 ? 0 : figures.Sentences / (double)answered):F2}"));
        return ExitCodes.Ok;
    }

    private static string Line(string label, int count, int of) =>
        string.Create(CultureInfo.InvariantCulture, $"{label,-64} {count,5}/{of,-5} {(of == 0 ? 0 : 100.0 * count / of),6:F1} %");
}

internal sealed record SquadAnswerDump(string Id, string Question, bool Unanswerable, IReadOnlyList<string> Gold, bool Abstained, string? AbstainReason, string Answer, bool FirstCitationCorrect);

internal sealed record SquadJson(
    string Dataset, string How, int Articles, int Answerable, int Unanswerable, int FirstCitationCorrect, int FirstSentenceCorrect, int AnswerContains,
    int UnanswerableAbstained, int WrongAbstentions, double FirstCitationRate, double AbstainRate, double WrongAbstentionRate, int ArticleMissing, int ArticleMissingAbstained);
