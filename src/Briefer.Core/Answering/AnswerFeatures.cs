using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// The features the answer models read, for one question over its retrieved chunks: one row per candidate sentence
/// (how well it answers) and one row for the question (whether the best candidate answers at all). Training and
/// answering compute them with this one class, so a model always sees what it was trained on.
/// </summary>
public sealed class AnswerFeatures
{
    /// <summary>The names of the candidate features, in vector order.</summary>
    public static IReadOnlyList<string> CandidateNames { get; } =
    [
        "cov", "cov_win", "cov_title", "cov_chunk", "cov_gap", "cov_rank",
        "names_missing", "names_missing_win", "names_missing_doc", "names_by_title", "any_name_absent_win",
        "numbers_missing", "numbers_missing_win", "negation_unmatched", "negation_extra", "comparison_missing", "comparison_missing_win",
        "content_missing", "content_missing_win", "max_missing_idf", "bigrams", "density", "order_agreement", "anchor_context", "names_phrase_missing",
        "previous_cov", "next_cov", "slot_distance",
        "words", "index_in_chunk", "starts_line", "novelty", "focus_in_sentence", "opens_with_reference",
        "type_asked", "ev_time", "ev_quantity", "ev_names", "ev_person", "ev_place", "ev_reason", "ev_definition",
        "chunk_rank", "chunk_dense", "chunk_keyword", "chunk_fused", "top_document",
        "q_type", "q_terms", "q_names", "q_numbers", "q_negated", "q_comparisons",
        .. SentenceSemantics.Names,
    ];

    /// <summary>The position of "type_asked" (the candidate holds the asked-for kind of answer) in a candidate row.</summary>
    public static int TypeAskedIndex { get; } = CandidateNames.ToList().IndexOf("type_asked");

    /// <summary>The names of the question (answerability) features, in vector order; the best candidate's features follow them.</summary>
    public static IReadOnlyList<string> QuestionNames { get; } =
    [
        "best_score", "second_score", "score_gap", "names_missing_anywhere", "numbers_missing_anywhere", "content_missing_anywhere",
        "best_cov_anywhere", "max_dense", "candidates", "top3_type_asked", "top3_cov", "best_is_max_cov",
    ];

    /// <summary>The features by kind, for ablation: each candidate and question feature belongs to one group.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Groups { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["coverage"] = ["previous_cov", "next_cov", "cov", "cov_win", "cov_title", "cov_chunk", "cov_gap", "cov_rank", "bigrams", "density", "order_agreement", "novelty",
            "content_missing", "content_missing_win", "max_missing_idf", "content_missing_anywhere", "best_cov_anywhere", "top3_cov", "best_is_max_cov"],
        ["constraints"] = ["names_missing", "names_missing_win", "names_missing_doc", "names_by_title", "any_name_absent_win", "numbers_missing",
            "numbers_missing_win", "negation_unmatched", "negation_extra", "comparison_missing", "comparison_missing_win", "anchor_context",
            "names_phrase_missing", "names_missing_anywhere", "numbers_missing_anywhere"],
        ["answer-type"] = ["slot_distance", "type_asked", "ev_time", "ev_quantity", "ev_names", "ev_person", "ev_place", "ev_reason", "ev_definition", "focus_in_sentence", "q_type", "top3_type_asked"],
        ["retrieval"] = ["chunk_rank", "chunk_dense", "chunk_keyword", "chunk_fused", "top_document", "max_dense"],
        ["semantic"] = [.. SentenceSemantics.Names],
        ["structure"] = ["words", "index_in_chunk", "starts_line", "opens_with_reference", "q_terms", "q_names", "q_numbers", "q_negated", "q_comparisons", "candidates"],
    };

    private readonly QuestionAnalysis _question;
    private readonly IReadOnlyList<SentenceCandidate> _candidates;
    private readonly Dictionary<string, double> _weights;
    private readonly double _totalWeight;
    private readonly double _maxWeight;
    private readonly HashSet<string> _questionLower;
    private readonly Dictionary<string, HashSet<string>> _titleTerms = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, int), HashSet<string>> _chunkTerms = [];
    private readonly double[] _coverage;
    private readonly double _maxKeyword;
    private readonly double _maxFused;

    private readonly Func<SentenceCandidate, float[]>? _semantic;

    private AnswerFeatures(QuestionAnalysis question, IReadOnlyList<SentenceCandidate> candidates, Func<SentenceCandidate, float[]>? semantic)
    {
        _semantic = semantic;
        _question = question;
        _candidates = candidates;
        var n = candidates.Count;
        _weights = question.ContentTerms.ToDictionary(
            t => t,
            t => Math.Log(1 + ((n + 1.0) / (candidates.Count(c => c.TermSet.Contains(t)) + 0.5))),
            StringComparer.Ordinal);
        _totalWeight = _weights.Values.Sum();
        _maxWeight = _weights.Count == 0 ? 1 : _weights.Values.Max();
        _questionLower = TextWords.Split(question.Question).Select(w => w.Text.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        _coverage = [.. candidates.Select(c => Coverage(c.TermSet))];
        _maxKeyword = candidates.Select(c => c.Chunk.KeywordScore ?? 0).DefaultIfEmpty(0).Max();
        _maxFused = candidates.Select(c => c.Chunk.Score).DefaultIfEmpty(0).Max();
    }

    /// <summary>The question's analysis.</summary>
    public QuestionAnalysis Question => _question;

    /// <summary>The candidate sentences, in the order of <see cref="Candidate"/>'s index.</summary>
    public IReadOnlyList<SentenceCandidate> Candidates => _candidates;

    /// <summary>Builds the features of <paramref name="question"/> over <paramref name="chunks"/>.</summary>
    /// <param name="semantic">The semantic features of a candidate (<see cref="SentenceSemantics"/>); null leaves them 0.</param>
    public static AnswerFeatures Build(QuestionAnalysis question, IReadOnlyList<RetrievedChunk> chunks, Func<SentenceCandidate, float[]>? semantic = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(chunks);
        return new AnswerFeatures(question, SentenceCandidates.From(chunks), semantic);
    }

    /// <summary>Builds the features of <paramref name="question"/> over candidates already split.</summary>
    public static AnswerFeatures Build(QuestionAnalysis question, IReadOnlyList<SentenceCandidate> candidates, Func<SentenceCandidate, float[]>? semantic)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(candidates);
        return new AnswerFeatures(question, candidates, semantic);
    }

    /// <summary>The IDF-weighted share of the question's content terms in <paramref name="terms"/>, 0..1.</summary>
    public double Coverage(IReadOnlySet<string> terms) =>
        _totalWeight <= 0 ? 0 : _weights.Where(w => terms.Contains(w.Key)).Sum(w => w.Value) / _totalWeight;

    /// <summary>Whether <paramref name="candidate"/> holds the specific kind of answer asked for (a date for "when", a reason for "why"…).</summary>
    public bool HoldsAskedType(SentenceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return _question.AnswerType is not (AnswerType.Description or AnswerType.Entity)
            && AnswerTypeDetector.Detect(candidate.Text, _questionLower).For(_question.AnswerType) > 0;
    }

    /// <summary>The features of candidate <paramref name="index"/>.</summary>
    public float[] Candidate(int index)
    {
        var c = _candidates[index];
        var window = WindowTerms(c);
        var windowWords = WindowWords(c);
        var title = TitleTerms(c.Chunk);
        var chunk = ChunkTerms(c.Chunk);
        var cov = _coverage[index];
        var covWindow = Coverage(window);
        var covTitle = _totalWeight <= 0 ? 0 : _weights.Where(w => !c.TermSet.Contains(w.Key) && title.Contains(w.Key)).Sum(w => w.Value) / _totalWeight;
        var covChunk = Coverage(chunk);
        var maxCov = _coverage.Max();
        var rank = _coverage.Count(x => x > cov);

        var names = _question.Of(ConstraintKind.Name).ToList();
        var numbers = _question.Of(ConstraintKind.Number).ToList();
        var comparisons = _question.Of(ConstraintKind.Comparison).ToList();
        var content = _question.Of(ConstraintKind.Content).ToList();
        var negated = _question.Of(ConstraintKind.Negation).Any();

        var namesMissing = MissingShare(names, c.TermSet);
        var namesMissingWindow = MissingShare(names, window);
        var docTerms = new HashSet<string>(chunk, StringComparer.Ordinal);
        docTerms.UnionWith(title);
        var namesMissingDoc = MissingShare(names, docTerms);
        var namesByTitle = names.Count == 0 ? 0 : names.Count(n => Share(n, window) < 1 && Share(n, title) >= 1) / (double)names.Count;
        var anyNameAbsent = names.Any(n => Share(n, window) == 0 && Share(n, title) == 0) ? 1 : 0;
        var numbersMissing = MissingShare(numbers, c.TermSet);
        var numbersMissingWindow = MissingShare(numbers, window);
        var sentenceNegated = c.LowerWords.Any(QuestionAnalyzer.IsNegation);
        var windowNegated = windowWords.Any(QuestionAnalyzer.IsNegation);
        var comparisonMissing = comparisons.Count == 0 ? 0 : comparisons.Count(k => !c.LowerWords.Contains(k.Text)) / (double)comparisons.Count;
        var comparisonMissingWindow = comparisons.Count == 0 ? 0 : comparisons.Count(k => !windowWords.Contains(k.Text)) / (double)comparisons.Count;
        var contentMissing = content.Count(k => !c.TermSet.Contains(k.Text));
        var contentMissingWindow = content.Count(k => !window.Contains(k.Text) && !title.Contains(k.Text));
        var maxMissingIdf = _weights.Where(w => !window.Contains(w.Key) && !title.Contains(w.Key)).Select(w => w.Value).DefaultIfEmpty(0).Max() / _maxWeight;

        var evidence = AnswerTypeDetector.Detect(c.Text, _questionLower);
        var focusInSentence = _question.Focus is { } focus && AnswerTerms.Analyze(focus).Any(c.TermSet.Contains) ? 1 : 0;
        var novelty = c.TermSet.Count == 0 ? 0 : c.TermSet.Count(t => !_weights.ContainsKey(t)) / (double)c.TermSet.Count;
        var topDocument = _candidates.Count > 0 && c.Chunk.DocumentId == _candidates.MinBy(x => x.ChunkRank)!.Chunk.DocumentId ? 1 : 0;

        return
        [
            (float)cov, (float)covWindow, (float)covTitle, (float)covChunk, (float)(cov - maxCov), Math.Min(rank, 20),
            (float)namesMissing, (float)namesMissingWindow, (float)namesMissingDoc, (float)namesByTitle, anyNameAbsent,
            (float)numbersMissing, (float)numbersMissingWindow, negated && !windowNegated ? 1 : 0, !negated && sentenceNegated ? 1 : 0,
            (float)comparisonMissing, (float)comparisonMissingWindow,
            contentMissing, contentMissingWindow, (float)maxMissingIdf, (float)Bigrams(c), (float)Density(c),
            (float)OrderAgreement(c), (float)AnchorContext(c), (float)NamePhrasesMissing(c, names),
            c.Previous is { } before ? (float)Coverage(before.TermSet) : -1, c.Next is { } after ? (float)Coverage(after.TermSet) : -1, SlotDistance(c, evidence),
            TextWords.Split(c.Text).Count, c.Index, StartsLine(c) ? 1 : 0, (float)novelty, focusInSentence, OpensWithReference(c.Text) ? 1 : 0,
            Math.Min(evidence.For(_question.AnswerType), 6), Math.Min(evidence.Times, 6), Math.Min(evidence.Quantities, 6), Math.Min(evidence.Names, 10),
            Math.Min(evidence.Persons, 6), Math.Min(evidence.Places, 6), Math.Min(evidence.Reasons, 6), Math.Min(evidence.Definitions, 6),
            c.ChunkRank, (float)(c.Chunk.DenseScore ?? 0), (float)(_maxKeyword > 0 ? (c.Chunk.KeywordScore ?? 0) / _maxKeyword : 0),
            (float)(_maxFused > 0 ? c.Chunk.Score / _maxFused : 0), topDocument,
            (int)_question.AnswerType, _question.ContentTerms.Count, names.Count, numbers.Count, negated ? 1 : 0, comparisons.Count,
            .. _semantic?.Invoke(c) ?? new float[SentenceSemantics.Names.Count],
        ];
    }

    /// <summary>
    /// The question features for the answerability model, given the candidates' ranking scores; the best candidate's
    /// own features follow (so the model sees what the best evidence lacks).
    /// </summary>
    public float[] QuestionRow(IReadOnlyList<float> scores, int best, float[] bestFeatures)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(bestFeatures);
        var ordered = scores.OrderDescending().ToList();
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in _candidates)
        {
            all.UnionWith(ChunkTerms(c.Chunk));
            all.UnionWith(TitleTerms(c.Chunk));
        }

        var names = _question.Of(ConstraintKind.Name).ToList();
        var numbers = _question.Of(ConstraintKind.Number).ToList();
        var content = _question.Of(ConstraintKind.Content).ToList();
        var top3 = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).Take(3).ToList();
        var typeAsked = TypeAskedIndex;
        float[] own =
        [
            ordered.Count > 0 ? ordered[0] : -10, ordered.Count > 1 ? ordered[1] : -10, ordered.Count > 1 ? ordered[0] - ordered[1] : 10,
            (float)MissingShare(names, all), (float)MissingShare(numbers, all),
            content.Count(k => !all.Contains(k.Text)), (float)(_coverage.Length == 0 ? 0 : _coverage.Max()),
            (float)_candidates.Select(c => c.Chunk.DenseScore ?? 0).DefaultIfEmpty(0).Max(), _candidates.Count,
            top3.Count == 0 ? 0 : top3.Max(i => Candidate(i)[typeAsked]), top3.Count == 0 ? 0 : (float)top3.Max(i => _coverage[i]),
            best >= 0 && _coverage[best] >= _coverage.Max() ? 1 : 0,
        ];
        return [.. own, .. bestFeatures];
    }

    private static double Share(KeyConstraint constraint, IReadOnlySet<string> terms) =>
        constraint.Terms.Count == 0 ? 1 : constraint.Terms.Count(terms.Contains) / (double)constraint.Terms.Count;

    private static double MissingShare(IReadOnlyList<KeyConstraint> constraints, IReadOnlySet<string> terms) =>
        constraints.Count == 0 ? 0 : constraints.Sum(k => 1 - Share(k, terms)) / constraints.Count;

    private static HashSet<string> WindowTerms(SentenceCandidate c)
    {
        var set = new HashSet<string>(c.TermSet, StringComparer.Ordinal);
        if (c.Previous is { } p)
        {
            set.UnionWith(p.TermSet);
        }

        if (c.Next is { } n)
        {
            set.UnionWith(n.TermSet);
        }

        return set;
    }

    private static HashSet<string> WindowWords(SentenceCandidate c)
    {
        var set = new HashSet<string>(c.LowerWords, StringComparer.Ordinal);
        if (c.Previous is { } p)
        {
            set.UnionWith(p.LowerWords);
        }

        if (c.Next is { } n)
        {
            set.UnionWith(n.LowerWords);
        }

        return set;
    }

    private HashSet<string> TitleTerms(RetrievedChunk chunk)
    {
        if (!_titleTerms.TryGetValue(chunk.Title, out var set))
        {
            set = AnswerTerms.Analyze(chunk.Title).ToHashSet(StringComparer.Ordinal);
            _titleTerms[chunk.Title] = set;
        }

        return set;
    }

    private HashSet<string> ChunkTerms(RetrievedChunk chunk)
    {
        var key = (chunk.DocumentId.Value, chunk.ChunkIndex);
        if (!_chunkTerms.TryGetValue(key, out var set))
        {
            set = AnswerTerms.Analyze(chunk.Text).ToHashSet(StringComparer.Ordinal);
            _chunkTerms[key] = set;
        }

        return set;
    }

    /// <summary>The share of the question's consecutive content-term pairs that occur in the same order in the sentence.</summary>
    private double Bigrams(SentenceCandidate c)
    {
        var q = _question.ContentTerms;
        if (q.Count < 2)
        {
            return 0;
        }

        var pairs = new HashSet<(string, string)>();
        for (var i = 1; i < c.Terms.Count; i++)
        {
            pairs.Add((c.Terms[i - 1], c.Terms[i]));
        }

        var matched = 0;
        for (var i = 1; i < q.Count; i++)
        {
            if (pairs.Contains((q[i - 1], q[i])))
            {
                matched++;
            }
        }

        return matched / (double)(q.Count - 1);
    }

    /// <summary>
    /// Whether the question's matched terms come in the same order in the sentence (Kendall's tau over pairs, −1..1; 0
    /// with fewer than two): a question that swaps who did what to whom reuses the words in another order.
    /// </summary>
    private double OrderAgreement(SentenceCandidate c)
    {
        var positions = _question.ContentTerms.Select(t => IndexOf(c.Terms, t)).Where(p => p >= 0).ToList();
        if (positions.Count < 2)
        {
            return 0;
        }

        var concordant = 0;
        var pairs = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            for (var j = i + 1; j < positions.Count; j++)
            {
                pairs++;
                concordant += positions[i] < positions[j] ? 1 : positions[i] > positions[j] ? -1 : 0;
            }
        }

        return concordant / (double)pairs;
    }

    /// <summary>
    /// For the question's names and numbers found in the sentence: the share whose neighbouring question term also sits
    /// next to them (within three terms) in the sentence ("12 research centers" is not "12 research institutes").
    /// </summary>
    private double AnchorContext(SentenceCandidate c)
    {
        var q = _question.ContentTerms;
        var anchors = _question.Constraints.Where(k => k.Kind is ConstraintKind.Name or ConstraintKind.Number).SelectMany(k => k.Terms).ToList();
        var checkedCount = 0;
        var matched = 0;
        foreach (var anchor in anchors)
        {
            var inQuestion = IndexOf(q, anchor);
            var inSentence = Enumerable.Range(0, c.Terms.Count).Where(i => c.Terms[i] == anchor).ToList();
            if (inQuestion < 0 || inSentence.Count == 0)
            {
                continue;
            }

            var neighbours = new[] { inQuestion - 1, inQuestion + 1 }.Where(i => i >= 0 && i < q.Count && !anchors.Contains(q[i])).Select(i => q[i]).ToList();
            if (neighbours.Count == 0)
            {
                continue;
            }

            checkedCount++;
            if (inSentence.Any(p => neighbours.Any(n => Enumerable.Range(Math.Max(0, p - 3), Math.Min(c.Terms.Count, p + 4) - Math.Max(0, p - 3)).Any(i => c.Terms[i] == n))))
            {
                matched++;
            }
        }

        return checkedCount == 0 ? 1 : matched / (double)checkedCount;
    }

    /// <summary>
    /// How close the sentence's evidence for the asked kind of answer (a date, a number, a name…) sits to the words it
    /// shares with the question, in words (30 when either is missing): an answer slot next to the matched words is
    /// likelier to be the answer than one at the other end of a long sentence.
    /// </summary>
    private int SlotDistance(SentenceCandidate c, AnswerTypeEvidence evidence)
    {
        const int None = 30;
        var words = TextWords.Split(c.Text);
        var matched = new List<int>();
        for (var i = 0; i < words.Count; i++)
        {
            var lower = words[i].Text.ToLowerInvariant();
            if (_questionLower.Contains(lower) && AnswerTerms.Analyze(lower) is [var term] && _weights.ContainsKey(term))
            {
                matched.Add(i);
            }
        }

        var slots = evidence.WordsFor(_question.AnswerType).ToList();
        if (matched.Count == 0 || slots.Count == 0)
        {
            return None;
        }

        return Math.Min(None, slots.Min(s => matched.Min(m => Math.Abs(m - s))));
    }

    /// <summary>The share of the question's multi-word names not found as a whole phrase in the sentence or its neighbours.</summary>
    private static double NamePhrasesMissing(SentenceCandidate c, IReadOnlyList<KeyConstraint> names)
    {
        var phrases = names.Where(n => n.Terms.Count > 1).ToList();
        if (phrases.Count == 0)
        {
            return 0;
        }

        var sentences = new[] { c.Previous, c, c.Next }.OfType<SentenceCandidate>().ToList();
        return phrases.Count(n => !sentences.Any(s => ContainsRun(s.Terms, n.Terms))) / (double)phrases.Count;
    }

    private static bool ContainsRun(IReadOnlyList<string> terms, IReadOnlyList<string> run)
    {
        for (var i = 0; i + run.Count <= terms.Count; i++)
        {
            var all = true;
            for (var j = 0; j < run.Count && all; j++)
            {
                all = terms[i + j] == run[j];
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOf(IReadOnlyList<string> terms, string term)
    {
        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i] == term)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>How tightly the matched question terms sit together: matched terms over the span that holds them.</summary>
    private double Density(SentenceCandidate c)
    {
        int first = -1, last = -1, matched = 0;
        for (var i = 0; i < c.Terms.Count; i++)
        {
            if (_weights.ContainsKey(c.Terms[i]))
            {
                first = first < 0 ? i : first;
                last = i;
                matched++;
            }
        }

        return matched == 0 ? 0 : matched / (double)(last - first + 1);
    }

    private static bool StartsLine(SentenceCandidate c)
    {
        var offset = c.Start - c.Chunk.Start;
        return offset == 0 || c.Chunk.Text[..offset].TrimEnd(' ', '\t').EndsWith('\n');
    }

    private static readonly HashSet<string> References = new(
        ["he", "she", "they", "it", "this", "that", "these", "those", "his", "her", "their", "its", "him", "them", "such", "there"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a sentence opens with a word that points back to an earlier one ("He had been held…").</summary>
    public static bool OpensWithReference(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var words = TextWords.Split(sentence);
        return words.Count > 0 && (References.Contains(words[0].Text)
            || (words.Count > 1 && words[0].Text.Equals("the", StringComparison.OrdinalIgnoreCase) && words[1].Text is "group" or "company" or "agency" or "organisation" or "organization" or "official" or "city" or "country" or "government" or "move" or "decision"));
    }
}
