using System.CommandLine;
using System.Globalization;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli.Eval;

/// <summary>
/// <c>briefer eval retrieval|answers</c>: quality measured the way the field measures it, on a fresh temporary store
/// (never the user's data directory), deleted afterwards.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(Func<ParseResult, CliSettings> settings, ILabApp app)
    {
        var dataset = new Option<string>("--dataset") { Description = "A BEIR folder: corpus.jsonl, queries.jsonl, qrels.tsv (e.g. ../shared/eval/scifact).", Required = true };
        var queries = new Option<string?>("--queries") { Description = "The query file, relative to the dataset (default queries.jsonl, the test split; queries.train.jsonl to tune)." };
        var qrels = new Option<string?>("--qrels") { Description = "The judgements, relative to the dataset (default qrels.tsv; qrels.train.tsv to tune)." };
        var workDir = new Option<string?>("--work-dir") { Description = "Keep the evaluation store in this folder and reuse it (unchanged documents are not embedded again) instead of a temporary one." };
        var runs = new Option<string?>("--runs") { Description = "Also write every query's ranked chunks, per mode, to this JSON-lines file." };
        var retrieval = new Command("retrieval", "Ingest a BEIR dataset into a temporary store and print nDCG@10, Recall@10, Recall@100 and MRR@10 for BM25, dense and hybrid.")
        {
            dataset, queries, qrels, workDir, runs,
        };
        retrieval.SetAction((r, ct) => EvalStore.RunAsync(app, r, settings(r), r.GetValue(workDir), (h, c) => RetrievalAsync(h, c, r.GetValue(dataset)!, r.GetValue(queries), r.GetValue(qrels), r.GetValue(runs), ct), ct));

        var cases = new Option<string>("--cases") { Description = "A JSON-lines file of {\"question\", \"facts\", \"source\"} cases (source null: Briefer must abstain), e.g. eval/answer-cases.jsonl.", Required = true };
        var documents = new Option<string?>("--documents") { Description = "The documents the cases are about (default: the bundled samples)." };
        var answers = new Command("answers", "Ask every case's question over the documents and count answers with the expected facts, the expected source, and correct abstentions.")
        {
            cases, documents,
        };
        answers.SetAction((r, ct) => EvalStore.RunAsync(app, r, settings(r), null, (h, c) => AnswersAsync(app, h, c, r.GetValue(cases)!, r.GetValue(documents), ct), ct));

        return new Command("eval", "Measure retrieval and answer quality on a temporary store.")
        {
            retrieval, answers, SquadVerb.Create(settings, app), Docs.DocsVerb.Create(settings, app), AutoAnswerEvaluation.Create(settings, app), ConversationEvaluation.Create(settings, app, (r, s, verb, ct) => EvalStore.RunAsync(app, r, s, null, verb, ct)),
        };
    }

    private static async Task<int> RetrievalAsync(IHost host, VerbContext context, string folder, string? queries, string? qrels, string? runsPath, CancellationToken cancellationToken)
    {
        var dataset = BeirDataset.Load(folder, queries, qrels);
        await using var runs = runsPath is null ? null : new StreamWriter(runsPath);
        var report = await RetrievalEvaluation.RunAsync(host.Services, dataset, context.Settings.Scope, context.Error, runs, cancellationToken).ConfigureAwait(false);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(EvalJson.Serialize(new RetrievalJson(
                Path.GetFullPath(folder), queries ?? "queries.jsonl", qrels ?? "qrels.tsv", report.Documents, report.Chunks, report.Queries,
                Math.Round(report.IngestTime.TotalSeconds, 1), Math.Round(report.QueryTime.TotalSeconds, 1), report.Modes)));
            return ExitCodes.Ok;
        }

        var o = context.Output;
        o.WriteLine($"{Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar))}: {report.Documents} documents ({report.Chunks} chunks, ingested in {report.IngestTime.TotalSeconds:F0} s), {report.Queries} queries ({queries ?? "queries.jsonl"}, {report.QueryTime.TotalSeconds:F0} s)");
        o.WriteLine();
        o.WriteLine($"{"mode",-8} {"nDCG@10",8} {"R@10",8} {"R@100",8} {"MRR@10",8}");
        foreach (var m in report.Modes)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Mode,-8} {m.NdcgAt10,8:F4} {m.RecallAt10,8:F4} {m.RecallAt100,8:F4} {m.MrrAt10,8:F4}"));
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> AnswersAsync(ILabApp app, IHost host, VerbContext context, string casesPath, string? documents, CancellationToken cancellationToken)
    {
        var cases = AnswerCase.Load(casesPath);
        var folder = documents ?? Path.Combine(AppContext.BaseDirectory, "samples");
        var quiet = context with { Settings = context.Settings with { Json = false }, Output = TextWriter.Null };
        var ingested = await app.IngestAsync(host, quiet, [folder], cancellationToken).ConfigureAwait(false);
        if (ingested != ExitCodes.Ok)
        {
            return context.Fail(ExitCodes.Failed, $"could not ingest every document in {folder}.");
        }

        var report = await AnswerEvaluation.RunAsync(host.Services, cases, context.Settings.Scope, cancellationToken).ConfigureAwait(false);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(EvalJson.Serialize(new AnswersJson(
                report.Results.Count, report.Answerable, report.Unanswerable, report.FactsContained, report.SourceCited, report.AbstainedCorrectly, report.FalseAbstentions, report.Passed,
                [.. report.Results.Select(r => new AnswerCaseJson(r.Case.Question, r.Case.Source, r.Case.ShouldAbstain, r.Abstained, r.MissingFacts, r.CitedSource, r.Passed, r.Answer))])));
            return ExitCodes.Ok;
        }

        var o = context.Output;
        foreach (var r in report.Results)
        {
            var detail = r.Case.ShouldAbstain
                ? (r.Abstained ? "abstained" : "answered, but should have abstained")
                : r.Abstained ? "abstained, but should have answered"
                : string.Join("; ", new[] { r.MissingFacts.Count == 0 ? null : "missing " + string.Join(", ", r.MissingFacts.Select(f => '"' + f + '"')), r.CitedSource ? null : "did not cite " + r.Case.Source }.OfType<string>());
            o.WriteLine($"{(r.Passed ? "pass" : "FAIL")}  {r.Case.Question}{(detail.Length > 0 ? "  (" + detail + ")" : string.Empty)}");
        }

        o.WriteLine();
        o.WriteLine($"{report.Passed}/{report.Results.Count} cases passed. Answerable: {report.FactsContained}/{report.Answerable} contain every expected fact, "
            + $"{report.SourceCited}/{report.Answerable} cite the expected source, {report.FalseAbstentions} abstained wrongly. "
            + $"Unanswerable: {report.AbstainedCorrectly}/{report.Unanswerable} abstained.");
        return ExitCodes.Ok;
    }
}
