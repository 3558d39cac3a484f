using System.Globalization;
using System.Text.RegularExpressions;
using Briefer.Core.Chunking;
using System.Numerics.Tensors;
using Briefer.Core.Retrieval;
using Microsoft.Extensions.AI;

namespace Briefer.Llm;

/// <summary>A source a kept sentence cites, with the passage of its chunk that best supports the sentence.</summary>
/// <param name="Source">The index of the chunk in the evidence list (0-based; the model saw it as <c>[Source + 1]</c>).</param>
/// <param name="Quote">The supporting sentence(s), one or two ranges of the chunk's text in text order.</param>
/// <param name="Support">The share of the sentence's content terms found in <paramref name="Quote"/>.</param>
internal sealed record SupportedCitation(int Source, IReadOnlyList<TextRange> Quote, double Support)
{
    /// <summary>The quoted text; two sentences apart in the chunk are joined by an ellipsis.</summary>
    public string QuoteText(string chunkText)
    {
        var parts = new List<string>();
        for (var i = 0; i < Quote.Count; i++)
        {
            parts.Add(chunkText[Quote[i].Start..Quote[i].End]);
        }

        return Quote.Count == 2 && chunkText.AsSpan(Quote[0].End, Quote[1].Start - Quote[0].End).IsWhiteSpace()
            ? string.Join(' ', parts)
            : string.Join(" … ", parts);
    }
}

/// <summary>A sentence of the model's text that survived the check: its words without markers, and what supports it.</summary>
internal sealed record CheckedSentence(string Text, IReadOnlyList<SupportedCitation> Citations);

/// <summary>What the check kept and removed from one model text.</summary>
/// <param name="Sentences">Sentences the model wrote (markers-only fragments not counted).</param>
/// <param name="Uncited">Sentences dropped because they cited no existing source.</param>
/// <param name="Unsupported">Sentences dropped because the sources they cite do not contain what they say.</param>
/// <param name="DanglingMarkers">Markers removed because they point to no source (e.g. [7] of 4).</param>
/// <param name="DroppedCitations">Markers removed from kept sentences because that source does not support the sentence.</param>
internal sealed record CitationCheckResult(
    IReadOnlyList<CheckedSentence> Kept,
    int Sentences,
    int Uncited,
    int Unsupported,
    int DanglingMarkers,
    int DroppedCitations)
{
    public int Removed => Uncited + Unsupported;
}

/// <summary>
/// Checks a model's text against the numbered sources it was given, before anyone sees it: markers pointing to no
/// source are removed; a cited source counts as support only if the best one or two sentences of its chunk (the
/// citation's quote) hold enough of the sentence's content words (stemmed, stop words removed) and, when an embedding
/// generator is available, one of its sentences is close enough in meaning; a sentence is kept only if the sources
/// that count cover enough of its words and all of its numbers. Source sentences that read as instructions to a model
/// ("ignore previous instructions…") never count.
/// </summary>
/// <remarks>
/// Both scores were measured on labelled claims (<c>CitationCheckMeasurementTests</c>, numbers in
/// <c>prompts/README.md</c>): together they beat either alone. The similarity threshold is for
/// snowflake-arctic-embed-xs; without an embedding generator the check is lexical only.
/// </remarks>
internal sealed partial class CitationChecker(
    double minLexicalSupport = CitationChecker.DefaultMinLexicalSupport,
    double minSimilarity = CitationChecker.DefaultMinSimilarity,
    IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
{
    /// <summary>The default share of a sentence's content terms its cited quotes must contain.</summary>
    public const double DefaultMinLexicalSupport = 0.55;

    /// <summary>The default cosine similarity between a sentence and the closest sentence of a cited chunk.</summary>
    public const double DefaultMinSimilarity = 0.85;

    /// <summary>The default share of the model's sentences that must survive for its answer to be used.</summary>
    public const double DefaultMinSurvivingShare = 0.5;

    /// <summary>A cited source counts only if its own quote holds at least this share of the sentence's terms.</summary>
    private const double MinCitationShare = 0.25;

    /// <summary>The longest quote, in sentences of the chunk.</summary>
    private const int MaxQuoteSentences = 2;

    /// <summary>How many of the claim's terms a second quoted sentence must add.</summary>
    private const int MinSecondSentenceGain = 2;

    /// <summary>Checks <paramref name="text"/> (one answer, or one brief bullet) against <paramref name="evidence"/>.</summary>
    public async Task<CitationCheckResult> CheckAsync(string text, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(evidence);
        var sources = new SourceSentences?[evidence.Count];
        var claims = new List<(string Text, HashSet<string> Terms, List<Quote> Candidates, int Cited)>();
        int sentences = 0, uncited = 0, unsupported = 0, dangling = 0, droppedCitations = 0;

        // First the words: which cited sources hold enough of each sentence's terms.
        foreach (var sentence in SplitCited(text))
        {
            var valid = sentence.Markers.Where(n => n >= 1 && n <= evidence.Count).Distinct().ToList();
            dangling += sentence.Markers.Count(n => n < 1 || n > evidence.Count);
            if (!HasWords(sentence.Text))
            {
                continue;
            }

            sentences++;
            if (valid.Count == 0)
            {
                uncited++;
                continue;
            }

            var terms = Terms(sentence.Text);
            var candidates = terms.Count == 0
                ? []
                : valid
                    .Select(n => BestQuote(terms, sources[n - 1] ??= SourceSentences.Of(evidence[n - 1].Text), n - 1))
                    .Where(c => c is not null && c.Support >= MinCitationShare)
                    .Select(c => c!)
                    .ToList();
            claims.Add((sentence.Text, terms, candidates, valid.Count));
        }

        // Then the meaning, in one batch: each remaining source must have a sentence close to the claim.
        var similarity = await SimilaritiesAsync(claims.Where(c => c.Candidates.Count > 0).ToList(), sources, evidence, cancellationToken).ConfigureAwait(false);

        var kept = new List<CheckedSentence>();
        foreach (var claim in claims)
        {
            var counted = claim.Candidates.Where(c => similarity is null || similarity[(claim.Text, c.Source)] >= minSimilarity).ToList();
            var covered = counted.SelectMany(c => c.Terms).ToHashSet(StringComparer.Ordinal);
            if (counted.Count == 0
                || (double)covered.Count / claim.Terms.Count < minLexicalSupport
                || !claim.Terms.Where(IsNumber).All(covered.Contains))
            {
                unsupported++;
                continue;
            }

            droppedCitations += claim.Cited - counted.Count;
            kept.Add(new CheckedSentence(claim.Text, [.. counted.Select(c => new SupportedCitation(c.Source, c.Ranges, c.Support))]));
        }

        return new CitationCheckResult(kept, sentences, uncited, unsupported, dangling, droppedCitations);
    }

    /// <summary>For each (claim, cited source): the best cosine between the claim and a sentence of the source; null without embeddings.</summary>
    private async Task<Dictionary<(string Claim, int Source), double>?> SimilaritiesAsync(
        IReadOnlyList<(string Text, HashSet<string> Terms, List<Quote> Candidates, int Cited)> claims,
        SourceSentences?[] sources,
        IReadOnlyList<RetrievedChunk> evidence,
        CancellationToken cancellationToken)
    {
        if (embeddings is null || claims.Count == 0)
        {
            return null;
        }

        var texts = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int Add(string value)
        {
            if (!index.TryGetValue(value, out var i))
            {
                i = texts.Count;
                index[value] = i;
                texts.Add(value);
            }

            return i;
        }

        var pairs = new List<(string Claim, int Source, int ClaimVector, List<int> SentenceVectors)>();
        foreach (var claim in claims)
        {
            var claimVector = Add(claim.Text);
            foreach (var candidate in claim.Candidates)
            {
                var source = sources[candidate.Source]!;
                var chunk = evidence[candidate.Source].Text;
                var sentenceVectors = Enumerable.Range(0, source.Ranges.Count)
                    .Where(i => !source.IsInstruction[i])
                    .Select(i => Add(chunk[source.Ranges[i].Start..source.Ranges[i].End]))
                    .ToList();
                pairs.Add((claim.Text, candidate.Source, claimVector, sentenceVectors));
            }
        }

        var vectors = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<(string Claim, int Source), double>();
        foreach (var pair in pairs)
        {
            var best = 0.0;
            foreach (var sentenceVector in pair.SentenceVectors)
            {
                best = Math.Max(best, TensorPrimitives.CosineSimilarity(vectors[pair.ClaimVector].Vector.Span, vectors[sentenceVector].Vector.Span));
            }

            result[(pair.Claim, pair.Source)] = best;
        }

        return result;
    }

    /// <summary>The content terms of <paramref name="text"/>: the keyword analyzer's stems, stop words removed.</summary>
    internal static HashSet<string> Terms(string text) => new(KeywordAnalyzer.Analyze(text), StringComparer.Ordinal);

    /// <summary>The lexical support score of one claim by one chunk: the share of its terms in the chunk's best quote (0 when none).</summary>
    internal static double Support(string claim, string chunkText)
    {
        var claimTerms = Terms(claim);
        return claimTerms.Count == 0 ? 0 : BestQuote(claimTerms, SourceSentences.Of(chunkText), 0)?.Support ?? 0;
    }

    /// <summary>
    /// Splits model text into sentences with their citation numbers. Markers are moved in front of the sentence's
    /// closing punctuation first ("claim.[1] Next" → "claim [1]. Next"), so each sentence owns the markers after it.
    /// </summary>
    internal static IReadOnlyList<(string Text, IReadOnlyList<int> Markers)> SplitCited(string text)
    {
        var normalized = MarkersAfterPunctuation().Replace(text.Replace("\r", string.Empty, StringComparison.Ordinal), m =>
            " " + m.Groups["markers"].Value.Trim() + m.Groups["punct"].Value + (m.Groups["rest"].Success ? "\n" : " "));
        var result = new List<(string, IReadOnlyList<int>)>();
        foreach (var range in SentenceSplitter.Split(normalized))
        {
            var raw = normalized[range.Start..range.End];
            var markers = new List<int>();
            foreach (Match match in Marker().Matches(raw))
            {
                foreach (var number in match.Groups["numbers"].Value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    markers.Add(int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1);
                }
            }

            var words = SpaceBeforePunctuation().Replace(Marker().Replace(raw, string.Empty), "$1");
            words = ListBullet().Replace(MultipleSpaces().Replace(words, " ").Trim(), string.Empty);
            result.Add((words, markers));
        }

        return result;
    }

    private static bool HasWords(string text) => text.Any(char.IsLetterOrDigit);

    private static bool IsNumber(string term) => term.Any(char.IsDigit);

    /// <summary>
    /// The passage of a chunk that best supports the claim: its sentence sharing the most content terms with the claim,
    /// plus, when it adds at least two terms the first lacks, the sentence adding the most (a claim often joins two sentences).
    /// </summary>
    private static Quote? BestQuote(HashSet<string> claim, SourceSentences source, int sourceIndex)
    {
        var chosen = new List<int>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < MaxQuoteSentences; round++)
        {
            int best = -1, bestGain = 0;
            for (var i = 0; i < source.Ranges.Count; i++)
            {
                // Text addressed to the model is not evidence for anything.
                if (source.IsInstruction[i] || chosen.Contains(i))
                {
                    continue;
                }

                var gain = source.Terms[i].Count(t => claim.Contains(t) && !covered.Contains(t));
                if (gain > bestGain)
                {
                    (best, bestGain) = (i, gain);
                }
            }

            // A second sentence must add at least two of the claim's terms: one shared word is not worth a longer quote.
            if (best < 0 || (round > 0 && bestGain < MinSecondSentenceGain))
            {
                break;
            }

            chosen.Add(best);
            covered.UnionWith(source.Terms[best].Where(claim.Contains));
        }

        if (chosen.Count == 0)
        {
            return null;
        }

        chosen.Sort();
        return new Quote(sourceIndex, [.. chosen.Select(i => source.Ranges[i])], [.. covered], (double)covered.Count / claim.Count);
    }

    [GeneratedRegex(@"\[(?<numbers>\s*[0-9]+\s*(?:[,;]\s*[0-9]+\s*)*)\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"(?<punct>[.!?…]+[""'”’)]*)[ \t]*(?<markers>(?:\[\s*[0-9]+\s*(?:[,;]\s*[0-9]+\s*)*\][ \t]*)+)(?<rest>\n)?")]
    private static partial Regex MarkersAfterPunctuation();

    [GeneratedRegex(@"\s+([.,;:!?…])")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex MultipleSpaces();

    [GeneratedRegex(@"^(?:[-*•]|[0-9]{1,2}[.)])\s+")]
    private static partial Regex ListBullet();

    private sealed record Quote(int Source, IReadOnlyList<TextRange> Ranges, IReadOnlyList<string> Terms, double Support);

    /// <summary>A chunk's sentences, their terms, and which read as instructions to a model.</summary>
    private sealed class SourceSentences
    {
        private SourceSentences(IReadOnlyList<TextRange> ranges, IReadOnlyList<HashSet<string>> terms, IReadOnlyList<bool> isInstruction)
        {
            Ranges = ranges;
            Terms = terms;
            IsInstruction = isInstruction;
        }

        public IReadOnlyList<TextRange> Ranges { get; }

        public IReadOnlyList<HashSet<string>> Terms { get; }

        public IReadOnlyList<bool> IsInstruction { get; }

        public static SourceSentences Of(string text)
        {
            var ranges = SentenceSplitter.Split(text);
            return new SourceSentences(
                ranges,
                ranges.Select(r => CitationChecker.Terms(text[r.Start..r.End])).ToList(),
                ranges.Select(r => InstructionDetector.IsInstruction(text[r.Start..r.End])).ToList());
        }
    }
}
