using System.Diagnostics;
using System.Text;
using Briefer.Core;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefer.Cli.Eval;

/// <summary>One SQuAD question after retrieval: what the composer sees, and its labelled training form.</summary>
/// <param name="MissingDocument">Asked with the question's own article left out of the evidence (as if it were not loaded).</param>
internal sealed record SquadCase(SquadQuestion Question, DocumentId Article, IReadOnlyList<RetrievedChunk> Evidence, TrainingQuestion Training, bool MissingDocument = false);

/// <summary>
/// Puts a SQuAD file through the real pipeline: every article ingested as one document into one scope, every question
/// retrieved for like <c>ask</c>, its candidates' features computed and labelled (a candidate is right when it is a
/// sentence of the question's own paragraph that holds a gold answer). Every <see cref="MissingDocumentEvery"/>th
/// question is also asked with its own article left out of the evidence (the next-best chunks of the other articles):
/// the case of a member asking about something the loaded documents do not hold, which SQuAD itself never asks.
/// </summary>
internal static class SquadTrainingSet
{
    /// <summary>One question in this many is also asked with its article left out.</summary>
    public const int MissingDocumentEvery = 4;

    /// <summary>The project name SQuAD's questions are reported under.</summary>
    public const string Project = "SQuAD";

    /// <param name="evidenceCache">A file to keep every question's retrieved chunks in and reuse on the next run (a kept work folder); null: retrieve afresh.</param>
    /// <param name="missingDocuments">Whether to add the questions asked with their article left out (not for a one-article slice).</param>
    /// <param name="semantics">The sentence semantics to compute features with (pass the one the answers will be judged with, so each sentence is encoded once); null: <see cref="CorpusSemantics"/>.</param>
    public static async Task<IReadOnlyList<SquadCase>> BuildAsync(IServiceProvider services, SquadDataset dataset, ScopeId scope, int folds, string? evidenceCache, TextWriter? progress, CancellationToken cancellationToken, bool missingDocuments = true, SentenceSemantics? semantics = null)
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
        var featurizer = new AnswerFeaturizer(semantics ?? CorpusSemantics(services));
        var cached = EvidenceCache.Read(evidenceCache, chunksPerAnswer);
        var retrieved = new Dictionary<string, IReadOnlyList<RetrievedChunk>>(StringComparer.Ordinal);
        var fresh = false;
        for (var n = 0; n < dataset.Questions.Count; n++)
        {
            var question = dataset.Questions[n];
            var key = question.Id + "\n" + question.Text;
            cases.Add(await PrepareAsync(question, key, false).ConfigureAwait(false));
            if (missingDocuments && n % MissingDocumentEvery == 0)
            {
                cases.Add(await PrepareAsync(question, "missing\n" + key, true).ConfigureAwait(false));
            }

            if (progress is not null && (n + 1) % 1000 == 0)
            {
                progress.WriteLine($"prepared {n + 1}/{dataset.Questions.Count} questions ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)");
            }
        }

        if (fresh)
        {
            EvidenceCache.Write(evidenceCache, chunksPerAnswer, retrieved);
        }

        return cases;

        async Task<SquadCase> PrepareAsync(SquadQuestion question, string key, bool missing)
        {
            var article = articleIds[question.Article];
            var evidence = cached?.GetValueOrDefault(key);
            if (evidence is null)
            {
                fresh = true;
                evidence = missing
                    ? [.. (await retriever.RetrieveAsync(scope, question.Text, chunksPerAnswer * 4, cancellationToken: cancellationToken).ConfigureAwait(false))
                        .Where(c => c.DocumentId != article).Take(chunksPerAnswer)]
                    : await retriever.RetrieveAsync(scope, question.Text, chunksPerAnswer, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            retrieved[key] = evidence;

            // The featurizer AnswerSelector uses, so the model trains on what it will see.
            var featurized = await featurizer.FeaturizeAsync(question.Text, evidence, cancellationToken).ConfigureAwait(false);
            var candidates = featurized.Candidates;
            var labels = candidates.Select(c => !missing && !question.Impossible && c.Chunk.DocumentId == article && HoldsAnswer(c.Text, question) && Squash(question.Paragraph).Contains(Squash(c.Text), StringComparison.Ordinal)).ToList();
            var training = TrainingQuestion.For(
                question.Article % folds,
                !missing && !question.Impossible,
                candidates,
                featurized.Rows,
                labels,
                featurized.QuestionRow) with
            {
                MissingDocument = missing,
                RuleAbstains = featurized.Candidates.Count > 0 && AbstainReasons.MissingKeyTerm(featurized.Analysis, featurized.Features) is not null,
                Project = Project,
                RightPage = [.. candidates.Select(c => !missing && c.Chunk.DocumentId == article)],
                Facts = featurized.Features.Facts(),
            };
            return new SquadCase(question, article, evidence, training, missing);
        }
    }

    /// <summary>
    /// Sentence semantics for reading a whole evaluation corpus: a cache the size of its sentences, so each is encoded
    /// once however many questions (and fold models) read it.
    /// </summary>
    public static SentenceSemantics CorpusSemantics(IServiceProvider services) => new(
        services.GetRequiredService<Briefer.Core.Embeddings.ArcticEmbeddingGenerator>(),
        services.GetRequiredService<Briefer.Core.Embeddings.BertUncasedTokenizer>(),
        cacheCapacity: 50_000,
        queries: services.GetRequiredService<Briefer.Core.Embeddings.QueryEncodings>());

    /// <summary>Whether <paramref name="text"/> holds one of the question's gold answers (case and spacing ignored).</summary>
    public static bool HoldsAnswer(string text, SquadQuestion question)
    {
        var squashed = Squash(text);
        return question.Answers.Any(a => squashed.Contains(Squash(a), StringComparison.OrdinalIgnoreCase));
    }

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
