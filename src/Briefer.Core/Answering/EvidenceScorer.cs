using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>An answer unit of a retrieved chunk (see <see cref="SentenceCandidates"/>), scored as a candidate bullet of a brief.</summary>
/// <param name="Unit">The unit as <c>ask</c> sees it: its exact text, kind, heading path and display.</param>
/// <param name="Terms">The analysed terms of what a reader sees of it (a table row with its header names, a key–value line with its key).</param>
/// <param name="Relevance">How well it answers the query, 0..1 (see <see cref="EvidenceScorer"/>).</param>
internal sealed record CandidateSentence(SentenceCandidate Unit, IReadOnlySet<string> Terms, double Coverage, double Relevance)
{
    public RetrievedChunk Chunk => Unit.Chunk;

    /// <summary>The unit exactly as in the document.</summary>
    public string Text => Unit.Text;
}

/// <summary>
/// Scores the answer units of retrieved chunks against a topic, without a language model: what briefs choose their
/// bullets by (answers rank the same units with the learned <see cref="AnswerSelector"/>). The units are
/// <see cref="SentenceCandidates.From(IReadOnlyList{RetrievedChunk})"/>'s, so a brief can quote what <c>ask</c> can: sentences, list items, table rows,
/// key–value lines and code blocks (with the sentence introducing them).
/// </summary>
/// <remarks>
/// <para>Relevance of a sentence = 0.55 × coverage + 0.30 × dense + 0.15 × rank, where
/// <b>coverage</b> is the IDF-weighted share of the query's content terms (Lucene English analysis, question words
/// removed) found in the unit (a table row with its header names) or, at half weight, its document title or the headings above it, IDF counted over all candidate sentences (a query term found
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

    /// <summary>Cuts the chunks into answer units and scores each against the query.</summary>
    public static IReadOnlyList<CandidateSentence> Score(string query, IReadOnlyList<RetrievedChunk> chunks)
    {
        var queryTerms = QueryTerms(query);

        // Overlapping chunks repeat a unit; SentenceCandidates keeps the copy from the better-ranked chunk.
        var raw = SentenceCandidates.From(chunks)
            .Select(u => (Unit: u, Terms: KeywordAnalyzer.Analyze(u.DisplayText).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        if (raw.Count == 0)
        {
            return [];
        }

        var weights = queryTerms.ToDictionary(
            t => t,
            t => Math.Log(1 + ((raw.Count + 1.0) / (raw.Count(s => s.Terms.Contains(t)) + 0.5))),
            StringComparer.Ordinal);
        var totalWeight = weights.Values.Sum();
        var titleTerms = new Dictionary<(string, string), HashSet<string>>();
        var ownHeadings = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        var results = new List<CandidateSentence>(raw.Count);
        foreach (var s in raw)
        {
            var chunk = s.Unit.Chunk;
            if (!titleTerms.TryGetValue((chunk.Title, s.Unit.HeadingPath), out var title))
            {
                title = KeywordAnalyzer.Analyze(chunk.Title + "\n" + s.Unit.HeadingPath).ToHashSet(StringComparer.Ordinal);
                titleTerms[(chunk.Title, s.Unit.HeadingPath)] = title;
            }

            // A term in the unit counts fully; a term only in the title or a heading above it (the unit's subject) counts
            // half, and only when the unit itself matches the query too: a title can complete a unit's evidence, never
            // make it. The unit's own section heading is the exception: the units under "## Storage" are about storage
            // whatever their words, so a term of that heading counts half on its own.
            if (!ownHeadings.TryGetValue(s.Unit.HeadingPath, out var own))
            {
                own = OwnHeadingTerms(chunk.Title, s.Unit.HeadingPath);
                ownHeadings[s.Unit.HeadingPath] = own;
            }

            var matchesItself = queryTerms.Any(t => Holds(s.Terms, t));
            var matched = queryTerms.Sum(t => Holds(s.Terms, t) ? weights[t] : (matchesItself && title.Contains(t)) || Holds(own, t) ? weights[t] * 0.5 : 0);
            var coverage = totalWeight > 0 ? matched / totalWeight : 0;
            var dense = chunk.DenseScore is { } cosine ? Math.Clamp((cosine - DenseFloor) / (DenseCeiling - DenseFloor), 0, 1) : 0;
            var rankScore = 1.0 - ((double)s.Unit.ChunkRank / Math.Max(chunks.Count, 1));
            var relevance = (0.55 * coverage) + (0.30 * dense) + (0.15 * rankScore);
            results.Add(new CandidateSentence(s.Unit, s.Terms, coverage, relevance));
        }

        return results;
    }

    /// <summary>
    /// Whether <paramref name="terms"/> hold <paramref name="term"/>, or an abbreviation of it or a word it abbreviates:
    /// an uncommon word (<see cref="CommonWords"/>) of three letters or more that starts the other ("auth" and
    /// "authentication", "config" and "configuration", "repo" and "repository"; not "time" and "timeout").
    /// </summary>
    private static bool Holds(IReadOnlySet<string> terms, string term) =>
        terms.Contains(term) || terms.Any(t => Abbreviates(t, term) || Abbreviates(term, t));

    private static bool Abbreviates(string shorter, string longer) =>
        shorter.Length >= 3 && longer.Length > shorter.Length && longer.StartsWith(shorter, StringComparison.Ordinal)
        && shorter.All(char.IsAsciiLetterLower) && !CommonWords.IsCommon(shorter);

    /// <summary>The terms of the last step of a unit's heading path, when it is a section heading and not the title.</summary>
    private static HashSet<string> OwnHeadingTerms(string title, string headingPath)
    {
        var at = headingPath.LastIndexOf(Documents.TextBlock.PathSeparator, StringComparison.Ordinal);
        var own = at < 0 ? headingPath : headingPath[(at + Documents.TextBlock.PathSeparator.Length)..];
        return own.Length == 0 || string.Equals(own, title, StringComparison.OrdinalIgnoreCase)
            ? []
            : KeywordAnalyzer.Analyze(own).ToHashSet(StringComparer.Ordinal);
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
