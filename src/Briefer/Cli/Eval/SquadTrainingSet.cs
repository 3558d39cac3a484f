using System.Diagnostics;
using System.Text;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefer.Cli.Eval;

/// <summary>One SQuAD question after retrieval: what the composer sees, and its labelled training form.</summary>
internal sealed record SquadCase(SquadQuestion Question, DocumentId Article, IReadOnlyList<RetrievedChunk> Evidence, TrainingQuestion Training);

/// <summary>
/// Puts a SQuAD file through the real pipeline: every article ingested as one document into one scope, every question
/// retrieved for like <c>ask</c>, its candidates' features computed and labelled (a candidate is right when it is a
/// sentence of the question's own paragraph that holds a gold answer).
/// </summary>
internal static class SquadTrainingSet
{
    /// <param name="evidenceCache">A file to keep every question's retrieved chunks in and reuse on the next run (a kept work folder); null: retrieve afresh.</param>
    public static async Task<IReadOnlyList<SquadCase>> BuildAsync(IServiceProvider services, SquadDataset dataset, ScopeId scope, int folds, string? evidenceCache, TextWriter? progress, CancellationToken cancellationToken)
    {
        var briefing = services.GetRequiredService<IBriefingService>();
        var retriever = services.GetRequiredService<HybridRetriever>();
        var chunksPerAnswer = services.GetRequiredService<IOptions<AnswerOptions>>().Value.AnswerChunks;
        var started = Stopwatch.GetTimestamp();
        var articleIds = new List<DocumentId>();
        foreach (var article in dataset.Articles)
        {
            var bytes = Encoding.UTF8.GetBytes(article.DocumentText);
            var result = await briefing.IngestAsync(scope, new DocumentSource(article.Source, article.Title + ".txt", bytes), cancellationToken).ConfigureAwait(false);
            articleIds.Add(result.DocumentId);
        }

        progress?.WriteLine($"ingested {dataset.Articles.Count} articles in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");
        started = Stopwatch.GetTimestamp();
        var cases = new List<SquadCase>(dataset.Questions.Count);
        // Training reads every question once; a cache the size of the corpus's sentences keeps each encoded once.
        var semantics = new SentenceSemantics(
            services.GetRequiredService<Briefer.Core.Embeddings.ArcticEmbeddingGenerator>(),
            services.GetRequiredService<Briefer.Core.Embeddings.BertUncasedTokenizer>(),
            cacheCapacity: 50_000);
        var cached = EvidenceCache.Read(evidenceCache, chunksPerAnswer);
        var retrieved = new Dictionary<string, IReadOnlyList<RetrievedChunk>>(StringComparer.Ordinal);
        foreach (var question in dataset.Questions)
        {
            var key = question.Id + "\n" + question.Text;
            var evidence = cached?.GetValueOrDefault(key)
                ?? await retriever.RetrieveAsync(scope, question.Text, chunksPerAnswer, cancellationToken: cancellationToken).ConfigureAwait(false);
            retrieved[key] = evidence;

            // The same steps as AnswerSelector.SelectAsync, so the model trains on what it will see.
            var analysis = QuestionAnalyzer.Analyze(question.Text);
            var candidates = SentenceCandidates.From(evidence);
            var lexical = AnswerFeatures.Build(analysis, candidates, null);
            var semantic = await semantics.PrepareAsync(analysis, candidates, c => lexical.Coverage(c.TermSet), cancellationToken).ConfigureAwait(false);
            var features = AnswerFeatures.Build(analysis, candidates, semantic);
            var rows = Enumerable.Range(0, candidates.Count).Select(features.Candidate).ToList();
            var article = articleIds[question.Article];
            var labels = candidates.Select(c => !question.Impossible && c.Chunk.DocumentId == article && HoldsAnswer(c.Text, question) && Squash(question.Paragraph).Contains(Squash(c.Text), StringComparison.Ordinal)).ToList();
            var empty = new float[AnswerFeatures.CandidateNames.Count];
            var training = TrainingQuestion.For(
                question.Article % folds,
                !question.Impossible,
                candidates,
                rows,
                labels,
                (scores, best) => features.QuestionRow(scores, best, best < 0 ? empty : rows[best]));
            cases.Add(new SquadCase(question, article, evidence, training));
            if (progress is not null && cases.Count % 1000 == 0)
            {
                progress.WriteLine($"prepared {cases.Count}/{dataset.Questions.Count} questions ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)");
            }
        }

        if (cached is null)
        {
            EvidenceCache.Write(evidenceCache, chunksPerAnswer, retrieved);
        }

        return cases;
    }

    /// <summary>Whether <paramref name="text"/> holds one of the question's gold answers (case and spacing ignored).</summary>
    public static bool HoldsAnswer(string text, SquadQuestion question)
    {
        var squashed = Squash(text);
        return question.Answers.Any(a => squashed.Contains(Squash(a), StringComparison.OrdinalIgnoreCase));
    }

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
