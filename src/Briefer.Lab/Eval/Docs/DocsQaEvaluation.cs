using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli.Eval.Docs;

/// <summary>One question, its reply and its outcome.</summary>
internal sealed record DocsQaResult(DocsQaQuestion Question, DocsQaReply? Reply, DocsQaOutcome Outcome, TimeSpan Elapsed);

/// <summary>How a set went: its figures, its questions, and how long ingesting and asking took.</summary>
internal sealed record DocsQaSetReport(DocsQaDataset Dataset, ScopeId Scope, int PagesIngested, TimeSpan IngestTime, IReadOnlyList<DocsQaResult> Results)
{
    public DocsQaFigures Figures => DocsQaFigures.Sum(Results.Select(r => DocsQaFigures.Of(r.Question, r.Outcome)));

    public TimeSpan MedianAskTime
    {
        get
        {
            var times = Results.Select(r => r.Elapsed).Order().ToList();
            return times.Count == 0 ? TimeSpan.Zero : times[times.Count / 2];
        }
    }
}

/// <summary>
/// Runs a documentation set: ingests its <c>docs/</c> (only) into a scope of its own, asks every question through
/// <c>ask --json</c> (<see cref="ILabApp.AskAsync"/>, the verb itself) and scores the printed reply.
/// </summary>
internal static class DocsQaEvaluation
{
    public static async Task<DocsQaSetReport> RunAsync(ILabApp app, IHost host, VerbContext context, DocsQaDataset dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dataset);
        var time = host.Services.GetRequiredService<TimeProvider>();
        var scope = DocsQaCache.ScopeFor(dataset, host.Services.GetRequiredService<IConfiguration>());
        var scoped = context with { Settings = context.Settings with { Scope = scope, Json = true } };

        var started = time.GetTimestamp();
        await ForgetOtherDocumentsAsync(host, dataset, scope, cancellationToken).ConfigureAwait(false);
        using (var ingestOutput = new StringWriter())
        {
            var ingested = await app.IngestAsync(host, scoped with { Output = ingestOutput, Error = TextWriter.Null }, [.. dataset.Pages.Select(p => p.Path)], cancellationToken, DocsQaCache.SourceNames(dataset)).ConfigureAwait(false);
            if (ingested != ExitCodes.Ok)
            {
                throw new ArgumentException($"could not ingest every page of {dataset.DocsFolder}: {ingestOutput.ToString().ReplaceLineEndings(" ")}");
            }
        }

        var ingestTime = time.GetElapsedTime(started);
        var results = new List<DocsQaResult>(dataset.Questions.Count);
        foreach (var question in dataset.Questions)
        {
            var asked = time.GetTimestamp();
            var reply = await AskAsync(app, host, scoped, question.Q, cancellationToken).ConfigureAwait(false)
                ?? await AskAsync(app, host, scoped, question.Q, cancellationToken).ConfigureAwait(false);
            results.Add(new DocsQaResult(question, reply, DocsQaScorer.Score(question, reply), time.GetElapsedTime(asked)));
        }

        return new DocsQaSetReport(dataset, scope, dataset.Pages.Count, ingestTime, results);
    }

    /// <summary>
    /// A cached store made under other ingestion or chunking settings holds the same pages in another scope, and one
    /// filled before pages were stored by set and name holds them under their absolute paths: they go, so that only
    /// this set's pages, once each, count in the store-wide term statistics.
    /// </summary>
    private static async Task ForgetOtherDocumentsAsync(IHost host, DocsQaDataset dataset, ScopeId scope, CancellationToken cancellationToken)
    {
        var briefing = host.Services.GetRequiredService<IBriefingService>();
        var pages = dataset.Pages.Select(p => DocsQaCache.SourceOf(dataset, p.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var other in await host.Services.GetRequiredService<IDocumentStore>().ListScopesAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var document in await briefing.ListSourcesAsync(other, cancellationToken).ConfigureAwait(false))
            {
                if (other != scope || !pages.Contains(document.Source))
                {
                    await briefing.ForgetAsync(other, document.Id, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>One <c>ask --json</c>, its printed reply read back; null when the verb failed or printed something else.</summary>
    private static async Task<DocsQaReply?> AskAsync(ILabApp app, IHost host, VerbContext context, string question, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        try
        {
            var exitCode = await app.AskAsync(host, context with { Output = output, Error = TextWriter.Null }, question, cancellationToken).ConfigureAwait(false);
            return exitCode == ExitCodes.Ok ? DocsQaReply.TryParse(output.ToString()) : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
