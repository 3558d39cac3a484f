using Briefer.Core.Chunking;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>A sentence of a retrieved chunk, a candidate for quoting.</summary>
/// <param name="Start">Offset of the sentence in the document's normalised text.</param>
/// <param name="ChunkRank">Rank (0 = best) of the chunk it came from in the retrieval results.</param>
/// <param name="Relevance">How well it answers the query, 0..1 (see <see cref="EvidenceScorer"/>).</param>
internal sealed record CandidateSentence(
    RetrievedChunk Chunk,
    int ChunkRank,
    int Start,
    int End,
    string Text,
    IReadOnlySet<string> Terms,
    double Coverage,
    double Relevance);

/// <summary>
/// Scores sentences of retrieved chunks against a topic, without a language model: what briefs choose their bullets by
/// (answers use the learned <see cref="AnswerSelector"/>).
/// </summary>
/// <remarks>
/// <para>Relevance of a sentence = 0.55 × coverage + 0.30 × dense + 0.15 × rank, where
/// <b>coverage</b> is the IDF-weighted share of the query's content terms (Lucene English analysis, question words
/// removed) found in the sentence or its document title, IDF counted over all candidate sentences (a query term found
/// nowhere keeps the highest weight, so questions about something the documents never mention score low);
/// <b>dense</b> is the chunk's cosine similarity to the query mapped from [0.25, 0.60] onto [0, 1]
/// (snowflake-arctic-embed-xs puts unrelated text around 0.2–0.3 and on-topic passages above 0.45);
/// <b>rank</b> rewards chunks the hybrid retriever put first.</para>
/// <para>Abstention: Briefer answers when the best sentence's relevance reaches <see cref="DefaultAbstainThreshold"/>.
/// The threshold was tuned on the labelled questions of <c>tests/Briefer.Core.Tests/Answering/AbstentionCalibrationTests.cs</c>
/// (answerable and off-topic questions over <c>samples/</c>): it sits between the highest off-topic score and the lowest
/// answerable score, nearer the off-topic side, because a wrong abstention costs less than a confident wrong quote.
/// Measured when it was set: off-topic questions scored 0.28–0.48 (the highest, "Who won the football world cup?",
/// matches "world" in an oil article), answerable ones 0.67–1.00.</para>
/// </remarks>
internal static class EvidenceScorer
{
    public const double DefaultAbstainThreshold = 0.52;

    private const double DenseFloor = 0.25;
    private const double DenseCeiling = 0.60;

    /// <summary>Words that shape a question but carry no topic; they must not count as evidence.</summary>
    private static readonly HashSet<string> QuestionWords = new(
        KeywordAnalyzer.Analyze("what which who whom whose why how when where did does do done doing was were has have had can could would should may might say said tell explain describe happen happened about anything something"),
        StringComparer.Ordinal);

    /// <summary>The content terms of a question or topic.</summary>
    public static IReadOnlyList<string> QueryTerms(string query)
    {
        var terms = KeywordAnalyzer.AnalyzeQuery(query).Where(t => !QuestionWords.Contains(t)).ToList();
        return terms.Count > 0 ? terms : KeywordAnalyzer.AnalyzeQuery(query);
    }

    /// <summary>Splits the chunks into candidate sentences and scores each against the query.</summary>
    public static IReadOnlyList<CandidateSentence> Score(string query, IReadOnlyList<RetrievedChunk> chunks)
    {
        var queryTerms = QueryTerms(query);
        var raw = new List<(RetrievedChunk Chunk, int Rank, int Start, int End, string Text, HashSet<string> Terms)>();
        var seen = new HashSet<(string, int)>();
        for (var rank = 0; rank < chunks.Count; rank++)
        {
            var chunk = chunks[rank];
            foreach (var range in SentenceSplitter.Split(chunk.Text))
            {
                var text = chunk.Text[range.Start..range.End];
                var start = chunk.Start + range.Start;

                // Overlapping chunks repeat a sentence; keep the copy from the better-ranked chunk.
                if (!SentenceCandidates.IsQuotable(text, chunk.Title) || !seen.Add((chunk.DocumentId.Value, start)))
                {
                    continue;
                }

                raw.Add((chunk, rank, start, start + text.Length, text, KeywordAnalyzer.Analyze(text).ToHashSet(StringComparer.Ordinal)));
            }
        }

        if (raw.Count == 0)
        {
            return [];
        }

        var weights = queryTerms.ToDictionary(
            t => t,
            t => Math.Log(1 + ((raw.Count + 1.0) / (raw.Count(s => s.Terms.Contains(t)) + 0.5))),
            StringComparer.Ordinal);
        var totalWeight = weights.Values.Sum();
        var titleTerms = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        var results = new List<CandidateSentence>(raw.Count);
        foreach (var s in raw)
        {
            if (!titleTerms.TryGetValue(s.Chunk.Title, out var title))
            {
                title = KeywordAnalyzer.Analyze(s.Chunk.Title).ToHashSet(StringComparer.Ordinal);
                titleTerms[s.Chunk.Title] = title;
            }

            // A term in the sentence counts fully; a term only in the title (the sentence's subject) counts half, and only
            // when the sentence itself matches the query too: a title can complete a sentence's evidence, never make it.
            var matchesItself = queryTerms.Any(s.Terms.Contains);
            var matched = queryTerms.Sum(t => s.Terms.Contains(t) ? weights[t] : matchesItself && title.Contains(t) ? weights[t] * 0.5 : 0);
            var coverage = totalWeight > 0 ? matched / totalWeight : 0;
            var dense = s.Chunk.DenseScore is { } cosine ? Math.Clamp((cosine - DenseFloor) / (DenseCeiling - DenseFloor), 0, 1) : 0;
            var rankScore = 1.0 - ((double)s.Rank / Math.Max(chunks.Count, 1));
            var relevance = (0.55 * coverage) + (0.30 * dense) + (0.15 * rankScore);
            results.Add(new CandidateSentence(s.Chunk, s.Rank, s.Start, s.End, s.Text, s.Terms, coverage, relevance));
        }

        return results;
    }

    /// <summary>Term-set cosine similarity, for redundancy between sentences.</summary>
    public static double Similarity(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return shared / Math.Sqrt((double)a.Count * b.Count);
    }
}
