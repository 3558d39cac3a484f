using System.CommandLine;
using System.Globalization;
using Briefer.Cli.Eval.Docs;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefer.Cli.Eval;

/// <summary>One question replayed through the automatic path: whether the documents answer it, the core's answer, and whether that answer is right.</summary>
/// <param name="Answerable">The set says the documents answer it.</param>
/// <param name="Right">
/// The answer holds the expected answer (answer cases: every fact and the expected source; documentation sets: the
/// first citation, on an allowed page, quotes a gold string, as the confidence's target and the docsqa "first" measure).
/// </param>
internal sealed record AutoAnswerCase(string Question, bool Answerable, Answer Answer, bool Right);

/// <summary>What the automatic path did with a set at one threshold.</summary>
internal sealed record AutoAnswerFigures(double Threshold, int Answerable, int Unanswerable, int PostedRight, int PostedWrong, int Silent, int SilentOnAnswerable)
{
    public int Posted => PostedRight + PostedWrong;

    /// <summary>Wrong answers among those posted (the target: at most 5 %).</summary>
    public double WrongShare => Posted == 0 ? 0 : (double)PostedWrong / Posted;

    /// <summary>Answerable questions answered, right, automatically (the target: at least 50 %).</summary>
    public double AnsweredShare => Answerable == 0 ? 0 : (double)PostedRight / Answerable;

    public static AutoAnswerFigures Of(IReadOnlyCollection<AutoAnswerCase> cases, double threshold, ILabApp app)
    {
        int right = 0, wrong = 0, silent = 0, silentAnswerable = 0;
        foreach (var c in cases)
        {
            if (app.WouldAutoPost(c.Answer, threshold))
            {
                if (c.Answerable && c.Right)
                {
                    right++;
                }
                else
                {
                    wrong++;
                }
            }
            else
            {
                silent++;
                silentAnswerable += c.Answerable ? 1 : 0;
            }
        }

        return new AutoAnswerFigures(threshold, cases.Count(c => c.Answerable), cases.Count(c => !c.Answerable), right, wrong, silent, silentAnswerable);
    }
}

/// <summary>
/// <c>briefer eval autoanswer --dataset …</c>: replays question sets through the automatic path (the real core's answer,
/// then the app's automatic-answer decision, <see cref="ILabApp.WouldAutoPost"/>) and reports answered-right, answered-wrong and stayed-silent at the shipped
/// threshold (<c>AutoAnswer:MinConfidence</c>), with <c>--sweep</c> the same at other thresholds. A dataset is a JSON-lines
/// answer-case file (<c>eval/answer-cases.jsonl</c>, over <c>--documents</c>, default the bundled samples) or a
/// documentation set folder (<c>../shared/eval/docsqa-dev</c>, <c>eval/docs/*</c>).
/// </summary>
internal static class AutoAnswerEvaluation
{
    private static readonly double[] SweepThresholds = [0.2, 0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99];

    public static Command Create(Func<ParseResult, CliSettings> settings, ILabApp app)
    {
        var datasets = new Option<string[]>("--dataset") { Description = "An answer-case file (.jsonl) or a documentation set folder; repeat for several.", Required = true, Arity = ArgumentArity.OneOrMore };
        var documents = new Option<string?>("--documents") { Description = "The documents answer-case files are about (default: the bundled samples)." };
        var sweep = new Option<bool>("--sweep") { Description = "Also print the figures at other thresholds (to choose AutoAnswer:MinConfidence)." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = $"Where documentation sets stay ingested between runs (default {DocsQaCache.DefaultRoot})." };
        var command = new Command("autoanswer", "Replay questions through the automatic-answer path and count answered-right, answered-wrong and stayed-silent at the shipped threshold.")
        {
            datasets, documents, sweep, cacheDir,
        };
        command.SetAction((r, ct) => RunAsync(app, r, settings(r), r.GetValue(datasets)!, r.GetValue(documents), r.GetValue(sweep), r.GetValue(cacheDir) ?? DocsQaCache.DefaultRoot, ct));
        return command;
    }

    private static async Task<int> RunAsync(ILabApp app, ParseResult r, CliSettings settings, string[] paths, string? documents, bool sweep, string cacheRoot, CancellationToken cancellationToken)
    {
        var context = new VerbContext(settings, r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
        var all = new List<AutoAnswerCase>();
        double? threshold = null;
        var inSample = false;
        foreach (var path in paths)
        {
            List<AutoAnswerCase> cases = [];
            int exitCode;
            try
            {
                if (File.Exists(path))
                {
                    var answerCases = AnswerCase.Load(path);
                    exitCode = await EvalStore.RunAsync(app, r, settings, null, async (host, c) =>
                    {
                        threshold ??= app.AutoAnswerThreshold(host);
                        cases = await AnswerCasesAsync(app, host, c, answerCases, documents, cancellationToken).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var set = DocsQaDataset.Load(path);
                    context.Error.WriteLine($"{set.Name}: ingesting {set.Pages.Count} pages and asking {set.Questions.Count} questions…");
                    exitCode = await EvalStore.RunAsync(app, r, settings, DocsQaCache.DataDirectory(cacheRoot, set), async (host, c) =>
                    {
                        threshold ??= app.AutoAnswerThreshold(host);
                        cases = await DocsSetAsync(app, host, c, set, cancellationToken).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
            {
                return context.Fail(ExitCodes.Failed, ex.Message);
            }

            if (exitCode != ExitCodes.Ok)
            {
                return exitCode;
            }

            all.AddRange(cases);
            var name = Path.GetFileName(Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar));
            inSample |= InSample(name);
            Print(app, context.Output, name, cases, threshold!.Value, sweep, InSample(name));
        }

        if (paths.Length > 1)
        {
            Print(app, context.Output, $"overall ({paths.Length} sets)", all, threshold!.Value, sweep, inSample);
        }

        return ExitCodes.Ok;
    }

    private static async Task<List<AutoAnswerCase>> AnswerCasesAsync(ILabApp app, IHost host, VerbContext context, IReadOnlyList<AnswerCase> cases, string? documents, CancellationToken cancellationToken)
    {
        var folder = documents ?? Path.Combine(AppContext.BaseDirectory, "samples");
        var quiet = context with { Settings = context.Settings with { Json = false }, Output = TextWriter.Null };
        if (await app.IngestAsync(host, quiet, [folder], cancellationToken).ConfigureAwait(false) != ExitCodes.Ok)
        {
            throw new ArgumentException($"could not ingest every document in {folder}.");
        }

        var briefing = host.Services.GetRequiredService<IBriefingService>();
        var results = new List<AutoAnswerCase>(cases.Count);
        foreach (var item in cases)
        {
            var answer = await briefing.AskAsync(context.Settings.Scope, item.Question, ReaderAudience.EveryoneOnly, cancellationToken).ConfigureAwait(false);
            results.Add(new AutoAnswerCase(item.Question, !item.ShouldAbstain, answer, !item.ShouldAbstain && AnswerEvaluation.Judge(item, answer).Passed));
        }

        return results;
    }

    private static async Task<List<AutoAnswerCase>> DocsSetAsync(ILabApp app, IHost host, VerbContext context, DocsQaDataset set, CancellationToken cancellationToken)
    {
        var scope = DocsQaCache.ScopeFor(set, host.Services.GetRequiredService<IConfiguration>());
        var scoped = context with { Settings = context.Settings with { Scope = scope, Json = true }, Output = TextWriter.Null, Error = TextWriter.Null };
        if (await app.IngestAsync(host, scoped, [.. set.Pages.Select(p => p.Path)], cancellationToken, DocsQaCache.SourceNames(set)).ConfigureAwait(false) != ExitCodes.Ok)
        {
            throw new ArgumentException($"could not ingest every page of {set.DocsFolder}.");
        }

        var briefing = host.Services.GetRequiredService<IBriefingService>();
        var results = new List<AutoAnswerCase>(set.Questions.Count);
        foreach (var question in set.Questions)
        {
            var answer = await briefing.AskAsync(scope, question.Q, ReaderAudience.EveryoneOnly, cancellationToken).ConfigureAwait(false);
            var reply = new DocsQaReply(answer.Text, answer.Abstained, answer.AbstainReason, [.. answer.Citations.Select(c => new DocsQaCitation(c.N, c.Source, c.Quote))]);
            results.Add(new AutoAnswerCase(question.Q, !question.Abstain, answer, !question.Abstain && DocsQaScorer.Score(question, reply).First));
        }

        return results;
    }

    private static void Print(ILabApp app, TextWriter o, string name, IReadOnlyCollection<AutoAnswerCase> cases, double threshold, bool sweep, bool inSample)
    {
        var f = AutoAnswerFigures.Of(cases, threshold, app);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {f.Answerable} answerable and {f.Unanswerable} unanswerable questions, at the automatic threshold {threshold:F2} (answer confidence){(inSample ? "; in sample: the shipped model was trained on it ('briefer train answers' prints held-out figures)" : string.Empty)}"));
        o.WriteLine(Line(f));
        if (sweep)
        {
            o.WriteLine("  confidence  posted  right  wrong  silent  wrong-of-posted  answered-of-answerable");
            foreach (var t in SweepThresholds.Append(threshold).Distinct().Order())
            {
                var s = AutoAnswerFigures.Of(cases, t, app);
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t,10:F3} {s.Posted,7} {s.PostedRight,6} {s.PostedWrong,6} {s.Silent,7} {s.WrongShare,16:P1} {s.AnsweredShare,23:P1}"));
            }
        }

        o.WriteLine();
    }

    /// <summary>Whether the shipped model was trained on the set (its figures are then in sample).</summary>
    private static bool InSample(string name) => AnswerModel.ShippedInfo.Trained.Contains($"docs {name}:", StringComparison.Ordinal);

    private static string Line(AutoAnswerFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"  answered right {f.PostedRight}, answered wrong {f.PostedWrong}, stayed silent {f.Silent} ({f.SilentOnAnswerable} of them answerable); "
        + $"wrong of posted {f.WrongShare:P1} (target <= 5 %), answerable answered right {f.AnsweredShare:P1} (target >= 50 %)");
}
