using System.CommandLine;
using System.Globalization;

namespace Briefer.Cli.Eval.Docs;

/// <summary>
/// <c>briefer eval docs --dataset DIR…</c>: documentation Q&amp;A sets (the layout and scoring of
/// <c>../shared/eval/docsqa-dev/README.md</c>): first cited quote holds the answer, anywhere, right page first, wrong
/// abstentions, unanswerable abstained; per set and overall. With <c>--check</c>, validates the sets instead.
/// </summary>
internal static class DocsVerb
{
    public static Command Create(Func<ParseResult, CliSettings> settings, ILabApp app)
    {
        var datasets = new Option<string[]>("--dataset") { Description = "A documentation set folder (docs/, questions.json, NOTICE), e.g. ../shared/eval/docsqa-dev; repeat for several.", Required = true, Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Also write the full JSON report (every question's head page and quote) to this file." };
        var check = new Option<bool>("--check") { Description = "Do not ask anything: check every gold string is in its page, the counts meet the minimums and the questions' sha256 is recorded." };
        var noCache = new Option<bool>("--no-cache") { Description = "Ingest into a temporary store deleted afterwards, instead of the cache." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = $"Where ingested sets are kept between runs, per build and set (default {DocsQaCache.DefaultRoot}; delete it to clear)." };
        var docs = new Command("docs", "Ingest each documentation set's pages, ask its questions as 'ask --json' does, and score first quote, right page and abstentions.")
        {
            datasets, output, check, noCache, cacheDir,
        };
        docs.SetAction((r, ct) => RunAsync(app, r, settings(r), r.GetValue(datasets)!, r.GetValue(output), r.GetValue(check), r.GetValue(noCache) ? null : r.GetValue(cacheDir) ?? DocsQaCache.DefaultRoot, ct));
        return docs;
    }

    /// <param name="cache">The cache root; null for a temporary store per set.</param>
    private static async Task<int> RunAsync(ILabApp app, ParseResult r, CliSettings settings, string[] folders, string? outPath, bool check, string? cache, CancellationToken cancellationToken)
    {
        var context = new VerbContext(settings, r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
        List<DocsQaDataset> sets;
        try
        {
            sets = [.. folders.Select(DocsQaDataset.Load)];
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return context.Fail(ExitCodes.Failed, ex.Message);
        }

        if (check)
        {
            return Check(context, sets);
        }

        if (outPath is not null && Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } outFolder && !Directory.Exists(outFolder))
        {
            return context.Fail(ExitCodes.Failed, $"--out: the folder {outFolder} does not exist.");
        }

        // Each set on a store of its own (a host each): term statistics are the store's, so sets must not share one.
        var reports = new List<DocsQaSetReport>();
        foreach (var set in sets)
        {
            context.Error.WriteLine($"{set.Name}: ingesting {set.Pages.Count} pages and asking {set.Questions.Count} questions…");
            var exitCode = await EvalStore.RunAsync(app, r, settings, cache is null ? null : DocsQaCache.DataDirectory(cache, set), async (host, c) =>
            {
                reports.Add(await DocsQaEvaluation.RunAsync(app, host, c, set, cancellationToken).ConfigureAwait(false));
                return ExitCodes.Ok;
            }, cancellationToken).ConfigureAwait(false);
            if (exitCode != ExitCodes.Ok)
            {
                return exitCode;
            }
        }

        return await ReportAsync(context, reports, outPath, cancellationToken).ConfigureAwait(false);
    }

    private static int Check(VerbContext context, IReadOnlyList<DocsQaDataset> sets)
    {
        var reports = sets.Select(DocsQaCheck.Run).ToList();
        if (context.Settings.Json)
        {
            context.Output.WriteLine(DocsQaJson.Serialize(reports.Select(DocsQaJson.From).ToList()));
        }
        else
        {
            foreach (var report in reports)
            {
                var d = report.Dataset;
                context.Output.WriteLine($"{d.Name}: {d.Pages.Count} pages, {d.Answerable.Count()} answerable and {d.Unanswerable.Count()} unanswerable questions; "
                    + $"sha256({DocsQaDataset.QuestionsFile}) {report.QuestionsSha256}{(report.FreezeRecordedIn is { } f ? " (recorded in " + f + ")" : string.Empty)}");
                context.Output.WriteLine(report.Passed ? "  ok: every gold string is in its page" : string.Join(Environment.NewLine, report.Problems.Select(p => "  problem: " + p)));
            }
        }

        return reports.All(p => p.Passed) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static async Task<int> ReportAsync(VerbContext context, IReadOnlyList<DocsQaSetReport> reports, string? outPath, CancellationToken cancellationToken)
    {
        var json = new DocsEvalJson([.. reports.Select(DocsQaJson.From)], DocsQaFigures.Sum(reports.Select(p => p.Figures)));
        if (outPath is not null)
        {
            try
            {
                await File.WriteAllTextAsync(outPath, DocsQaJson.Serialize(json), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return context.Fail(ExitCodes.Failed, $"--out: cannot write {outPath}: {ex.Message}");
            }
        }

        if (context.Settings.Json)
        {
            context.Output.WriteLine(DocsQaJson.Serialize(json));
            return ExitCodes.Ok;
        }

        var o = context.Output;
        foreach (var report in reports)
        {
            o.WriteLine($"{report.Dataset.Name}: {report.PagesIngested} pages (ingested in {report.IngestTime.TotalSeconds:F0} s), "
                + string.Create(CultureInfo.InvariantCulture, $"{report.Figures.Answerable} answerable and {report.Figures.Unanswerable} unanswerable questions, median ask {report.MedianAskTime.TotalSeconds:F2} s"));
            Print(o, report.Figures);
            o.WriteLine();
        }

        if (reports.Count > 1)
        {
            o.WriteLine($"overall ({reports.Count} sets):");
            Print(o, json.Overall);
        }

        return ExitCodes.Ok;
    }

    private static void Print(TextWriter o, DocsQaFigures f)
    {
        o.WriteLine(Line("first: head citation on the right page quotes a gold answer", f.First, f.Answerable));
        o.WriteLine(Line("anywhere: a gold answer in the answer or any quote", f.Anywhere, f.Answerable));
        o.WriteLine(Line("right page first", f.RightPageFirst, f.Answerable));
        o.WriteLine(Line("wrong abstentions (of answerable)", f.WrongAbstentions, f.Answerable));
        o.WriteLine(Line("abstained, no citation (of unanswerable)", f.Abstained, f.Unanswerable));
        if (f.Unparseable > 0)
        {
            o.WriteLine($"  {f.Unparseable} replies could not be read (they score nothing)");
        }
    }

    private static string Line(string label, int count, int of) =>
        string.Create(CultureInfo.InvariantCulture, $"  {label,-62} {count,4}/{of,-4} {(of == 0 ? 0 : 100.0 * count / of),6:F1} %");
}
