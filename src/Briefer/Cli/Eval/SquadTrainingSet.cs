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
        var model = services.GetRequiredService<Briefer.Core.Embeddings.ArcticEmbeddingGenerator>();
        var tokenizer = services.GetRequiredService<Briefer.Core.Embeddings.BertUncasedTokenizer>();
        var sentenceStates = new Dictionary<string, Briefer.Core.Embeddings.TokenStates>(StringComparer.Ordinal);
        var cached = EvidenceCache.Read(evidenceCache, chunksPerAnswer);
        var retrieved = new Dictionary<string, IReadOnlyList<RetrievedChunk>>(StringComparer.Ordinal);
        var mode = Environment.GetEnvironmentVariable("BRIEFER_SEMANTIC") ?? "0";
        var prepared = new List<(SquadQuestion Question, IReadOnlyList<RetrievedChunk> Evidence, QuestionAnalysis Analysis, IReadOnlyList<SentenceCandidate> Candidates, QuestionEncoding? Encoding, List<bool> Labels)>();
        foreach (var question in dataset.Questions)
        {
            var key = question.Id + "\n" + question.Text;
            var evidence = cached?.GetValueOrDefault(key)
                ?? await retriever.RetrieveAsync(scope, question.Text, chunksPerAnswer, cancellationToken: cancellationToken).ConfigureAwait(false);
            retrieved[key] = evidence;
            var analysis = QuestionAnalyzer.Analyze(question.Text);
            var candidates = SentenceCandidates.From(evidence);
            QuestionEncoding? encoding = null;
            if (mode != "0")
            {
                encoding = await TokenAlignment.EncodeQuestionAsync(model, tokenizer, analysis, cancellationToken).ConfigureAwait(false);
                foreach (var c in candidates)
                {
                    if (!sentenceStates.ContainsKey(c.Text))
                    {
                        sentenceStates[c.Text] = await model.EncodeTokensAsync(c.Text, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            var article = articleIds[question.Article];
            var labels = candidates.Select(c => !question.Impossible && c.Chunk.DocumentId == article && HoldsAnswer(c.Text, question) && Squash(question.Paragraph).Contains(Squash(c.Text), StringComparison.Ordinal)).ToList();
            prepared.Add((question, evidence, analysis, candidates, encoding, labels));
            if (progress is not null && prepared.Count % 1000 == 0)
            {
                progress.WriteLine($"retrieved for {prepared.Count}/{dataset.Questions.Count} questions ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)");
            }
        }

        // Out-of-fold alignment heads: each fold's features come from a head trained on the other folds.
        var heads = new Dictionary<int, AlignmentHead>();
        if (mode == "2")
        {
            for (var fold = 0; fold < folds; fold++)
            {
                var examples = prepared
                    .Where(x => x.Question.Article % folds != fold && !x.Question.Impossible)
                    .Select(x => HeadExampleFor(x.Encoding!, x.Candidates, x.Labels, x.Analysis, sentenceStates))
                    .ToList();
                var f = fold;
                heads[fold] = new AlignmentHeadTrainer().Train(examples, (e, loss) => progress?.WriteLine($"head fold {f}: epoch {e + 1} loss {loss:F4}"));
            }
        }

        foreach (var x in prepared)
        {
            Func<SentenceCandidate, float[]>? semantic = null;
            if (x.Encoding is { } encoding)
            {
                var head = heads.GetValueOrDefault(x.Question.Article % folds);
                var projectedQuestion = head?.Project(encoding.States, encoding.Content);
                semantic = c =>
                {
                    var states = sentenceStates[c.Text];
                    var plain = TokenAlignment.Features(encoding, states);
                    var learned = head is null ? new float[AlignmentHead.Names.Count] : head.Features(encoding, projectedQuestion!, states, head.Project(states, AlignmentHead.SentenceRows(states)));
                    return [.. plain, .. learned];
                };
            }

            var features = AnswerFeatures.Build(x.Analysis, x.Candidates, semantic);
            var rows = Enumerable.Range(0, features.Candidates.Count).Select(features.Candidate).ToList();
            var empty = new float[AnswerFeatures.CandidateNames.Count];
            var training = new TrainingQuestion(
                x.Question.Article % folds,
                !x.Question.Impossible,
                rows,
                x.Labels,
                (scores, best) => features.QuestionRow(scores, best, best < 0 ? empty : rows[best]));
            cases.Add(new SquadCase(x.Question, articleIds[x.Question.Article], x.Evidence, training));
        }

        if (cached is null)
        {
            EvidenceCache.Write(evidenceCache, chunksPerAnswer, retrieved);
        }

        return cases;
    }

    /// <summary>A head-training example: the question and up to 20 of its candidates (every right one, then the best covered).</summary>
    private static HeadExample HeadExampleFor(QuestionEncoding encoding, IReadOnlyList<SentenceCandidate> candidates, List<bool> labels, QuestionAnalysis analysis, Dictionary<string, Briefer.Core.Embeddings.TokenStates> states)
    {
        var features = AnswerFeatures.Build(analysis, candidates, null);
        var chosen = Enumerable.Range(0, candidates.Count)
            .OrderByDescending(i => labels[i])
            .ThenByDescending(i => features.Coverage(candidates[i].TermSet))
            .Take(20)
            .ToList();
        return new HeadExample(encoding, [.. chosen.Select(i => states[candidates[i].Text])], [.. chosen.Select(i => labels[i])]);
    }

    /// <summary>Whether <paramref name="text"/> holds one of the question's gold answers (case and spacing ignored).</summary>
    public static bool HoldsAnswer(string text, SquadQuestion question)
    {
        var squashed = Squash(text);
        return question.Answers.Any(a => squashed.Contains(Squash(a), StringComparison.OrdinalIgnoreCase));
    }

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
