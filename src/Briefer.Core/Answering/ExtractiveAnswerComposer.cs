using System.Globalization;
using System.Text;
using Briefer.Core.Retrieval;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Answering;

/// <summary>
/// Answers without a language model: quotes the few sentences of the retrieved chunks that best answer the question,
/// each followed by its citation marker, and abstains when the evidence is weak (see <see cref="EvidenceScorer"/>).
/// Briefs pick relevant, non-redundant answer units (the units <c>ask</c> quotes: sentences, list items, table rows,
/// key–value lines, code blocks) by maximal marginal relevance, newest information first.
/// </summary>
public sealed class ExtractiveAnswerComposer(IOptions<AnswerOptions> options, AnswerSelector selector) : IAnswerComposer
{
    /// <summary>What an abstaining answer says.</summary>
    public const string AbstainText = "The loaded documents do not cover this question.";

    /// <summary>What an abstaining brief says.</summary>
    public const string AbstainBriefText = "The loaded documents say nothing about this topic.";

    private const double MmrLambda = 0.7;

    private readonly AnswerOptions _options = options.Value;

    /// <summary>The decision behind the answer (shared with the model mode).</summary>
    public AnswerSelector Selector => selector;

    public async Task<Answer> ComposeAnswerAsync(string question, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(evidence);
        return Compose(question, await selector.SelectAsync(question, evidence, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The extractive answer for a selection already made.</summary>
    public Answer Compose(string question, AnswerSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Abstain)
        {
            return new Answer(question, AbstainText, true, [], AbstainReason: selection.AbstainReason) { Answerability = selection.Answerable, Confidence = selection.Confidence };
        }

        // The best sentence; its neighbour when the model rates it nearly as well (or when the best one opens by
        // pointing back, "He had been held…"); then other sentences nearly as good that add something new. The margins
        // were chosen with the model (AnswerModelInfo.Passage).
        var margins = selector.Model.Info.Passage;
        var scores = selection.Ranked.ToDictionary(r => r.Candidate, r => r.Score);
        var best = selection.Ranked[0];
        var chosen = new List<SentenceCandidate> { best.Candidate };
        if (best.Candidate.Next is { } after && scores.TryGetValue(after, out var afterScore) && afterScore >= best.Score - margins.Next)
        {
            chosen.Add(after);
        }

        if (best.Candidate.Previous is { } before && (AnswerFeatures.OpensWithReference(best.Candidate.Text)
            || (scores.TryGetValue(before, out var beforeScore) && beforeScore >= best.Score - margins.Previous)))
        {
            chosen.Insert(0, before);
        }

        // A sentence that restates what the question asks about without the kind of answer it asks for ("Trump called
        // off the strike" for "why…?") is quoted with the neighbour that gives it (the reason, the date, the place…).
        if (AsksSpecificType(selection.Question.AnswerType) && !HoldsAskedType(selection, best.Candidate)
            && new[] { best.Candidate.Next, best.Candidate.Previous }.FirstOrDefault(n => n is { Quotable: true } && !chosen.Contains(n) && HoldsAskedType(selection, n)) is { } neighbour)
        {
            chosen.Insert(neighbour == best.Candidate.Previous ? chosen.IndexOf(best.Candidate) : chosen.IndexOf(best.Candidate) + 1, neighbour);
        }

        // A documentation question's best unit often names only the subject (a lead-in, a symptom, an option's heading
        // line); the unit that gives what was asked for follows it in the same section (AskedAnswerUnits). The head
        // quote then holds both, as one slice of the chunk (or, for a command that cannot share the slice, the command first).
        var answering = AskedAnswerUnits.After(selection, best);

        chosen.AddRange(answering.Units.Where(u => !chosen.Contains(u)));

        foreach (var next in selection.Ranked.Skip(1))
        {
            if (chosen.Count >= _options.MaxAnswerSentences || next.Score < best.Score - margins.Second)
            {
                break;
            }

            if (chosen.Contains(next.Candidate) || chosen.Any(c => EvidenceScorer.Similarity(c.TermSet, next.Candidate.TermSet) > 0.6))
            {
                continue;
            }

            chosen.Add(next.Candidate);
        }

        // Sentences that follow each other in the text share one citation; citations come in the order of their best
        // sentence, so [1] always quotes the best one.
        var rank = chosen.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.c == best.Candidate ? -1 : x.i);
        if (answering.CiteFirst is { } first)
        {
            rank[first] = -2;
        }

        var groups = chosen
            .GroupBy(c => c.Chunk.DocumentId)
            .SelectMany(g => MergeAdjacent([.. g.OrderBy(c => c.Start)]))
            .OrderBy(g => g.Min(c => rank[c]))
            .ToList();

        var citations = new List<Citation>();
        var text = new StringBuilder();
        foreach (var group in groups)
        {
            var n = citations.Count + 1;
            var chunk = group[0].Chunk;
            var quote = chunk.Text[(group[0].Start - chunk.Start)..(group[^1].End - chunk.Start)];
            citations.Add(ToCitation(n, group, quote));
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(quote).Append(" [").Append(n.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        return new Answer(question, text.ToString(), false, citations) { Answerability = selection.Answerable, Confidence = selection.Confidence };
    }

    private static bool AsksSpecificType(AnswerType type) =>
        type is AnswerType.Reason or AnswerType.Time or AnswerType.Place or AnswerType.Person or AnswerType.Quantity;

    private static bool HoldsAskedType(AnswerSelection selection, SentenceCandidate candidate) =>
        selection.Ranked.FirstOrDefault(r => r.Candidate == candidate) is { } ranked && ranked.Features[AnswerFeatures.TypeAskedIndex] > 0;

    public Task<Brief> ComposeBriefAsync(string topic, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(evidence);
        var candidates = EvidenceScorer.Score(topic, evidence.Take(_options.BriefChunks).ToList());
        var best = candidates.Count == 0 ? null : candidates.MaxBy(c => c.Relevance);
        if (best is null || best.Relevance < _options.AbstainBelow)
        {
            return Task.FromResult(new Brief(topic, [], true, []));
        }

        // Maximal marginal relevance over units that are on topic and make sense alone (a bullet that opens with
        // "She said" or "They" has lost its subject).
        // A bullet must also cover at least half as much of the topic as the best sentence: "Venezuela prisoner release"
        // should not bring in every sentence that merely mentions Venezuela.
        var pool = candidates
            .Where(c => c.Coverage > 0 && c.Coverage >= best.Coverage * 0.5 && c.Relevance >= best.Relevance * 0.5 && !OpensWithPronoun(c.Text))
            .ToList();
        var chosen = new List<CandidateSentence>();
        while (chosen.Count < _options.MaxBriefBullets && pool.Count > 0)
        {
            var next = pool
                .Select(c => (Candidate: c, Mmr: (MmrLambda * c.Relevance) - ((1 - MmrLambda) * (chosen.Count == 0 ? 0 : chosen.Max(s => EvidenceScorer.Similarity(s.Terms, c.Terms))))))
                .MaxBy(x => x.Mmr);
            pool.Remove(next.Candidate);
            if (chosen.Any(s => EvidenceScorer.Similarity(s.Terms, next.Candidate.Terms) > 0.7))
            {
                continue;
            }

            // Past the minimum, stop when what is left is clearly weaker than what was chosen.
            if (chosen.Count >= _options.MinBriefBullets && next.Candidate.Relevance < best.Relevance * 0.65)
            {
                break;
            }

            chosen.Add(next.Candidate);
        }

        // Newest information first when dated; undated after; then by relevance.
        var ordered = chosen
            .OrderByDescending(c => c.Chunk.PublishedAt ?? DateOnly.MinValue)
            .ThenByDescending(c => c.Relevance)
            .ToList();

        var citations = new List<Citation>();
        var bullets = new List<BriefBullet>();
        foreach (var unit in ordered)
        {
            // Cited as ask cites a unit (its kind, its own section); the bullet reads as ask shows it (a table row with
            // its header names; code stays the exact quote, which front ends show as a code block).
            var citation = ToCitation(citations.Count + 1, [unit.Unit], unit.Text);
            citations.Add(citation);
            bullets.Add(new BriefBullet(QuoteDisplay.Text(citation), [citation.N]));
        }

        return Task.FromResult(new Brief(topic, bullets, false, citations));
    }

    private static Citation ToCitation(int n, RetrievedChunk chunk, string quote) =>
        new(n, chunk.DocumentId, chunk.Title, chunk.Source, quote, chunk.PublishedAt, chunk.LocationOf(quote));

    /// <summary>
    /// The citation of consecutive units: their kind when they share one (a code block, a table row with its header),
    /// else prose; located at the heading path of the quote's own start (a page number, when the chunk has one, wins).
    /// </summary>
    private static Citation ToCitation(int n, IReadOnlyList<SentenceCandidate> units, string quote)
    {
        var first = units[0];
        var chunk = first.Chunk;
        var (kind, context, codeStart) = QuoteShape(units, quote.Length);
        var paged = chunk.Location is { } location && location.StartsWith("p.", StringComparison.Ordinal);
        return ToCitation(n, chunk, quote) with
        {
            Location = paged ? chunk.Location : Documents.TextBlocks.WithoutTitle(first.HeadingPath, chunk.Title) ?? chunk.Location,
            Kind = kind,
            Context = context,
            CodeStart = codeStart,
        };
    }

    /// <summary>
    /// How a quote of consecutive units is shown: their kind when they share one; prose followed by a code block stays
    /// code from where the code starts (the prose as text before the fence); any other mix is prose.
    /// </summary>
    internal static (Documents.BlockKind Kind, string? Context, int CodeStart) QuoteShape(IReadOnlyList<SentenceCandidate> units, int quoteLength)
    {
        var first = units[0];
        var last = units[^1];
        if (units.All(u => u.Kind == first.Kind))
        {
            return (first.Kind,
                first.Kind is Documents.BlockKind.TableRow or Documents.BlockKind.Code ? first.Context : null,
                first.Kind == Documents.BlockKind.Code && first.CodeStart < quoteLength ? first.CodeStart : 0);
        }

        var codeStart = last.Start - first.Start + last.CodeStart;
        return last.Kind == Documents.BlockKind.Code && units.Take(units.Count - 1).All(u => u.Kind != Documents.BlockKind.Code) && codeStart > 0 && codeStart < quoteLength
            ? (Documents.BlockKind.Code, last.Context, codeStart)
            : (Documents.BlockKind.Paragraph, null, 0);
    }

    private static readonly HashSet<string> Pronouns = new(
        ["he", "she", "they", "it", "this", "that", "these", "those", "his", "her", "their", "its", "we", "i", "him", "them"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Nouns that, after "The", point back to a subject named earlier ("The group said…").</summary>
    private static readonly HashSet<string> BackReferences = new(
        ["group", "organisation", "organization", "company", "agency", "firm", "official", "spokesperson", "spokesman", "spokeswoman"],
        StringComparer.OrdinalIgnoreCase);

    private static bool OpensWithPronoun(string sentence)
    {
        var words = sentence.TrimStart('"', '\'', '“', '‘', '(').Split([' ', ','], 3, StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && (Pronouns.Contains(words[0])
            || (words.Length > 1 && words[0].Equals("the", StringComparison.OrdinalIgnoreCase) && BackReferences.Contains(words[1])));
    }

    /// <summary>
    /// Groups sentences that follow each other in one chunk (only whitespace between them), so each group can be quoted
    /// as one exact slice of the chunk's text; a group never mixes shapes its quote could not show (see <see cref="Joinable"/>).
    /// </summary>
    internal static IEnumerable<List<SentenceCandidate>> MergeAdjacent(List<SentenceCandidate> sentences)
    {
        var current = new List<SentenceCandidate>();
        foreach (var sentence in sentences)
        {
            if (current.Count > 0 && !(Adjacent(current[^1], sentence) && Joinable(current, sentence)))
            {
                yield return current;
                current = [];
            }

            current.Add(sentence);
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    /// <summary>
    /// Whether <paramref name="next"/> can join <paramref name="group"/> in one quote that still shows each unit as it
    /// is (<see cref="QuoteShape"/>): prose joins prose, table rows join rows of the same table, and code only ends a
    /// quote (prose then code keeps its fence; code then prose would lose it, and its [n] would read as part of it).
    /// </summary>
    private static bool Joinable(List<SentenceCandidate> group, SentenceCandidate next)
    {
        if (group.Any(u => u.Kind == Documents.BlockKind.Code))
        {
            return false;
        }

        var rows = group.Count(u => u.Kind == Documents.BlockKind.TableRow);
        return next.Kind switch
        {
            Documents.BlockKind.TableRow => rows == group.Count && group.All(u => u.Context == next.Context),
            Documents.BlockKind.Code => rows == 0,
            _ => rows == 0,
        };
    }

    private static bool Adjacent(SentenceCandidate previous, SentenceCandidate next)
    {
        var chunk = previous.Chunk;
        if (next.Chunk != chunk || next.Start < previous.End || next.End > chunk.End)
        {
            return false;
        }

        return chunk.Text.AsSpan((previous.End - chunk.Start)..(next.Start - chunk.Start)).IsWhiteSpace();
    }
}
