namespace Briefer.Core.Answering;

/// <summary>The measures behind the candidate features that take more than an expression.</summary>
internal static class CandidateMeasures
{
    /// <summary>The IDF-weighted share of the question's terms found in the title but not in the candidate.</summary>
    public static double TitleOnlyCoverage(CandidateContext x)
    {
        var f = x.Features;
        return f.TotalWeight <= 0 ? 0 : f.Weights.Where(w => !x.Candidate.TermSet.Contains(w.Key) && x.Title.Contains(w.Key)).Sum(w => w.Value) / f.TotalWeight;
    }

    /// <summary>The share of the question's names the window lacks but the title holds.</summary>
    public static double NamesByTitle(CandidateContext x)
    {
        var names = x.Features.Names;
        return names.Count == 0 ? 0 : names.Count(n => Share(n, x.Window) < 1 && Share(n, x.Title) >= 1) / (double)names.Count;
    }

    public static double ComparisonsMissing(IReadOnlyList<KeyConstraint> comparisons, IReadOnlySet<string> words) =>
        comparisons.Count == 0 ? 0 : comparisons.Count(k => !words.Contains(k.Text)) / (double)comparisons.Count;

    /// <summary>The highest weight among the question's terms missing from the window and title, over the highest weight.</summary>
    public static double MaxMissingIdf(CandidateContext x) =>
        x.Features.Weights.Where(w => !x.Window.Contains(w.Key) && !x.Title.Contains(w.Key)).Select(w => w.Value).DefaultIfEmpty(0).Max() / x.Features.MaxWeight;

    /// <summary>The share of the candidate's terms that are not the question's.</summary>
    public static double Novelty(CandidateContext x)
    {
        var terms = x.Candidate.TermSet;
        return terms.Count == 0 ? 0 : terms.Count(t => !x.Features.Weights.ContainsKey(t)) / (double)terms.Count;
    }

    public static double Share(KeyConstraint constraint, IReadOnlySet<string> terms) =>
        constraint.Terms.Count == 0 ? 1 : constraint.Terms.Count(terms.Contains) / (double)constraint.Terms.Count;

    public static double MissingShare(IReadOnlyList<KeyConstraint> constraints, IReadOnlySet<string> terms) =>
        constraints.Count == 0 ? 0 : constraints.Sum(k => 1 - Share(k, terms)) / constraints.Count;

    /// <summary>The share of the question's consecutive content-term pairs that occur in the same order in the sentence.</summary>
    public static double Bigrams(CandidateContext x)
    {
        var q = x.Question.ContentTerms;
        if (q.Count < 2)
        {
            return 0;
        }

        var pairs = x.Candidate.Unit.TermPairs;

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
    public static double OrderAgreement(CandidateContext x)
    {
        var positions = x.Question.ContentTerms.Select(t => IndexOf(x.Candidate.Terms, t)).Where(p => p >= 0).ToList();
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
    public static double AnchorContext(CandidateContext x)
    {
        var q = x.Question.ContentTerms;
        var terms = x.Candidate.Terms;
        var anchors = x.Question.Constraints.Where(k => k.Kind is ConstraintKind.Name or ConstraintKind.Number).SelectMany(k => k.Terms).ToList();
        var checkedCount = 0;
        var matched = 0;
        foreach (var anchor in anchors)
        {
            var inQuestion = IndexOf(q, anchor);
            var inSentence = Enumerable.Range(0, terms.Count).Where(i => terms[i] == anchor).ToList();
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
            if (inSentence.Any(p => neighbours.Any(n => Enumerable.Range(Math.Max(0, p - 3), Math.Min(terms.Count, p + 4) - Math.Max(0, p - 3)).Any(i => terms[i] == n))))
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
    public static float SlotDistance(CandidateContext x)
    {
        const int None = 30;
        var unit = x.Candidate.Unit;
        var words = unit.AnswerWords.Words;
        var matched = new List<int>();
        for (var i = 0; i < words.Count; i++)
        {
            if (x.Features.QuestionLower.Contains(words[i].Lower) && unit.SingleTermAt(i) is { } term && x.Features.Weights.ContainsKey(term))
            {
                matched.Add(i);
            }
        }

        var slots = x.Evidence.WordsFor(x.Question.AnswerType).ToList();
        if (matched.Count == 0 || slots.Count == 0)
        {
            return None;
        }

        return Math.Min(None, slots.Min(s => matched.Min(m => Math.Abs(m - s))));
    }

    /// <summary>The share of the question's multi-word names not found as a whole phrase in the sentence or its neighbours.</summary>
    public static double NamePhrasesMissing(SentenceCandidate c, IReadOnlyList<KeyConstraint> names)
    {
        var phrases = names.Where(n => n.Terms.Count > 1).ToList();
        if (phrases.Count == 0)
        {
            return 0;
        }

        var sentences = new[] { c.Previous, c, c.Next }.OfType<SentenceCandidate>().ToList();
        return phrases.Count(n => !sentences.Any(s => ContainsRun(s.Terms, n.Terms))) / (double)phrases.Count;
    }

    /// <summary>How tightly the matched question terms sit together: matched terms over the span that holds them.</summary>
    public static double Density(CandidateContext x)
    {
        var terms = x.Candidate.Terms;
        int first = -1, last = -1, matched = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            if (x.Features.Weights.ContainsKey(terms[i]))
            {
                first = first < 0 ? i : first;
                last = i;
                matched++;
            }
        }

        return matched == 0 ? 0 : matched / (double)(last - first + 1);
    }

    public static bool ContainsRun(IReadOnlyList<string> terms, IReadOnlyList<string> run)
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

    public static int IndexOf(IReadOnlyList<string> terms, string term)
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
}
