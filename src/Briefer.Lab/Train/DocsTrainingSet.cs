using Briefer.Cli.Eval.Docs;
using Briefer.Core;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefer.Cli.Train;

/// <summary>One documentation question after retrieval: what the composer sees, and its labelled training form.</summary>
internal sealed record DocsCase(DocsQaQuestion Question, IReadOnlyList<RetrievedChunk> Evidence, TrainingQuestion Training);

/// <summary>
/// Puts a documentation set (<see cref="DocsQaDataset"/>) through the real pipeline for training: its pages ingested
/// into a scope of their own, every question retrieved for like <c>ask</c>, its candidates featurized by the serving
/// featurizer and labelled: a candidate is right when it comes from an allowed page and holds a gold string by the
/// set's own matching rule (<see cref="DocsQaScorer.Contains"/>). The whole set is one fold, so cross-validation holds
/// each project out as a whole.
/// </summary>
internal static class DocsTrainingSet
{
    public static async Task<IReadOnlyList<DocsCase>> BuildAsync(IServiceProvider services, DocsQaDataset dataset, int fold, int weight, AnswerFeaturizer featurizer, CancellationToken cancellationToken)
    {
        var briefing = services.GetRequiredService<IBriefingService>();
        var retriever = services.GetRequiredService<HybridRetriever>();
        var chunksPerAnswer = services.GetRequiredService<IOptions<AnswerOptions>>().Value.AnswerChunks;
        var scope = DocsQaCache.ScopeFor(dataset, services.GetRequiredService<IConfiguration>());
        foreach (var page in dataset.Pages)
        {
            var bytes = await File.ReadAllBytesAsync(page.Path, cancellationToken).ConfigureAwait(false);
            await briefing.IngestAsync(scope, new DocumentSource(SourceOf(dataset, page), page.Name, bytes), cancellationToken).ConfigureAwait(false);
        }

        var cases = new List<DocsCase>(dataset.Questions.Count);
        foreach (var question in dataset.Questions)
        {
            var evidence = await retriever.RetrieveAsync(scope, question.Q, chunksPerAnswer, cancellationToken: cancellationToken).ConfigureAwait(false);
            var featurized = await featurizer.FeaturizeAsync(question.Q, evidence, cancellationToken).ConfigureAwait(false);
            var allowed = question.AllowedPages.ToHashSet(StringComparer.Ordinal);
            var rightPage = featurized.Candidates.Select(c => allowed.Contains(Path.GetFileName(c.Chunk.Source))).ToList();
            var labels = featurized.Candidates.Select((c, i) => rightPage[i] && DocsQaScorer.ContainsAny(c.Text, question.GoldStrings)).ToList();
            var training = TrainingQuestion.For(fold, !question.Abstain, featurized.Candidates, featurized.Rows, labels, featurized.QuestionRow) with
            {
                Project = dataset.Name,
                RightPage = rightPage,
                Weight = weight,
                RuleAbstains = featurized.Candidates.Count > 0 && AbstainReasons.MissingKeyTerm(featurized.Analysis, featurized.Features) is not null,
                Facts = featurized.Features.Facts(),
            };
            cases.Add(new DocsCase(question, evidence, training));
        }

        return cases;
    }

    /// <summary>
    /// A page's source in the training store: the set and the page, not where the clone is (its absolute path made a
    /// kept store used from another clone hold every page again under a second document id).
    /// </summary>
    public static string SourceOf(DocsQaDataset dataset, DocsQaPage page) => DocsQaCache.SourceOf(dataset, page.Name);
}
