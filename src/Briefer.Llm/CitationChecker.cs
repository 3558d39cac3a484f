using System.Globalization;
using System.Text.RegularExpressions;
using Briefer.Core.Chunking;
using Briefer.Core.Retrieval;

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
/// source are removed; each sentence is kept only if the sources it cites contain enough of its content words
/// (stemmed, stop words removed, all of its numbers), measured against the best one or two sentences of
/// each cited chunk, which becomes that citation's quote. Source sentences that read as instructions to a model
/// ("ignore previous instructions…") never count as support.
/// </summary>
/// <remarks>
/// Lexical overlap was chosen over embedding similarity after measuring both; see <c>prompts/README.md</c>.
/// </remarks>
internal sealed partial class CitationChecker(double minSentenceSupport = CitationChecker.DefaultMinSentenceSupport)
{
    /// <summary>The default share of a sentence's content terms its cited passages must contain.</summary>
    public const double DefaultMinSentenceSupport = 0.6;

    /// <summary>The default share of the model's sentences that must survive for its answer to be used.</summary>
    public const double DefaultMinSurvivingShare = 0.5;

    /// <summary>A cited source is kept on a kept sentence only if its own passage holds at least this share of the sentence's terms.</summary>
    private const double MinCitationShare = 0.25;

    /// <summary>The longest quote, in sentences of the chunk.</summary>
    private const int MaxQuoteSentences = 2;

    /// <summary>Checks <paramref name="text"/> (one answer, or one brief bullet) against <paramref name="evidence"/>.</summary>
    public CitationCheckResult Check(string text, IReadOnlyList<RetrievedChunk> evidence)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(evidence);
        var sources = new SourceSentences?[evidence.Count];
        var kept = new List<CheckedSentence>();
        int sentences = 0, uncited = 0, unsupported = 0, dangling = 0, droppedCitations = 0;

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

            var claim = Terms(sentence.Text);
            if (claim.Count == 0)
            {
                unsupported++;
                continue;
            }

            var candidates = valid
                .Select(n => BestQuote(claim, sources[n - 1] ??= SourceSentences.Of(evidence[n - 1].Text), n - 1))
                .Where(c => c is not null)
                .Select(c => c!)
                .ToList();
            var covered = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in candidates)
            {
                covered.UnionWith(candidate.Terms);
            }

            var support = (double)covered.Count / claim.Count;
            var numbersCovered = claim.Where(IsNumber).All(covered.Contains);
            if (support < minSentenceSupport || !numbersCovered)
            {
                unsupported++;
                continue;
            }

            var citations = candidates
                .Where(c => c.Support >= MinCitationShare)
                .Select(c => new SupportedCitation(c.Source, c.Ranges, c.Support))
                .ToList();
            droppedCitations += valid.Count - citations.Count;
            kept.Add(new CheckedSentence(sentence.Text, citations));
        }

        return new CitationCheckResult(kept, sentences, uncited, unsupported, dangling, droppedCitations);
    }

    /// <summary>The content terms of <paramref name="text"/>: the keyword analyzer's stems, stop words removed.</summary>
    internal static HashSet<string> Terms(string text) => new(KeywordAnalyzer.Analyze(text), StringComparer.Ordinal);

    /// <summary>The share of <paramref name="claim"/>'s terms found in <paramref name="passage"/>.</summary>
    internal static double Coverage(string claim, string passage)
    {
        var claimTerms = Terms(claim);
        if (claimTerms.Count == 0)
        {
            return 0;
        }

        var passageTerms = Terms(passage);
        return (double)claimTerms.Count(passageTerms.Contains) / claimTerms.Count;
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
    /// plus, when it adds terms the first lacks, the sentence adding the most (a claim often joins two sentences).
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

            if (best < 0)
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
