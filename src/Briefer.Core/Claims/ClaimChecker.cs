using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Claims;

/// <summary>What the documents say about a statement.</summary>
public enum ClaimVerdict
{
    /// <summary>A source states it: the quotes say so.</summary>
    Supported,

    /// <summary>No source states it (the documents may be silent, or only touch on it).</summary>
    NotCovered,
}

/// <summary>The result of checking a statement against a scope's documents.</summary>
/// <param name="Evidence">For <see cref="ClaimVerdict.Supported"/>, the quotes that state it; for <see cref="ClaimVerdict.NotCovered"/>, the closest passages, if any touched on it.</param>
public sealed record ClaimCheck(string Statement, ClaimVerdict Verdict, IReadOnlyList<Citation> Evidence, AnswerMode Mode = AnswerMode.Extractive);

/// <summary>
/// Checks a statement against a scope's documents. Deliberately two-valued: a <i>Contradicted</i> verdict needs
/// contradiction detection Briefer does not have, and a wrong "contradicted" is worse than an honest "not covered".
/// </summary>
public interface IClaimChecker
{
    /// <summary>Checks against the scope's documents visible to everyone.</summary>
    Task<ClaimCheck> CheckAsync(ScopeId scope, string statement, CancellationToken cancellationToken) =>
        CheckAsync(scope, statement, ReaderAudience.EveryoneOnly, cancellationToken);

    /// <summary>Checks against the scope's documents that <paramref name="audience"/> — whoever will read the verdict — may read.</summary>
    Task<ClaimCheck> CheckAsync(ScopeId scope, string statement, ReaderAudience audience, CancellationToken cancellationToken);
}

/// <summary>
/// Retrieves for the statement as if it were a question and lets the <see cref="IAnswerComposer"/> decide, as for any
/// question, whether the documents cover it (its abstain/answer decision). A covered statement is <i>Supported</i> only
/// when one of the quotes itself holds at least <see cref="MinTermSupport"/> of the statement's content terms (Lucene
/// English analysis) and every number the statement gives (so "fell 5 percent" is not supported by "fell 2.1 percent");
/// otherwise the quotes are only related, and the verdict is <i>Not covered</i> with them shown as the closest passages. A better answerability decision in the composer makes this better without changes here.
/// </summary>
public sealed class EvidenceClaimChecker(HybridRetriever retriever, IAnswerComposer composer, IOptions<AnswerOptions> options) : IClaimChecker
{
    /// <summary>The share of the statement's content terms one quote must hold for the statement to count as stated.</summary>
    public const double MinTermSupport = 0.6;

    public async Task<ClaimCheck> CheckAsync(ScopeId scope, string statement, ReaderAudience audience, CancellationToken cancellationToken)
    {
        var trimmed = statement?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("There is no text to check in that message.");
        }

        if (trimmed.Length > options.Value.MaxQuestionLength)
        {
            throw new ArgumentException($"That message is {trimmed.Length} characters long; Briefer checks statements of up to {options.Value.MaxQuestionLength}.");
        }

        var evidence = await retriever.RetrieveAsync(scope, trimmed, options.Value.AnswerChunks, audience: audience, cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = await composer.ComposeAnswerAsync(trimmed, evidence, cancellationToken).ConfigureAwait(false);
        if (answer.Abstained)
        {
            return new ClaimCheck(trimmed, ClaimVerdict.NotCovered, [], answer.Mode);
        }

        var terms = KeywordAnalyzer.AnalyzeQuery(trimmed);
        var numbers = Numbers(trimmed);
        var supporting = answer.Citations.Where(c => Support(terms, c.Quote) >= MinTermSupport && numbers.IsSubsetOf(Numbers(c.Quote))).ToList();
        return supporting.Count > 0
            ? new ClaimCheck(trimmed, ClaimVerdict.Supported, Renumber(supporting), answer.Mode)
            : new ClaimCheck(trimmed, ClaimVerdict.NotCovered, Renumber(answer.Citations), answer.Mode);
    }

    /// <summary>The share of <paramref name="terms"/> found in <paramref name="quote"/>.</summary>
    public static double Support(IReadOnlyList<string> terms, string quote)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0)
        {
            return 0;
        }

        var present = KeywordAnalyzer.Analyze(quote ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        return (double)terms.Count(present.Contains) / terms.Count;
    }

    /// <summary>The numbers a text gives ("2.1", "71.40", "2026"), separators dropped.</summary>
    public static HashSet<string> Numbers(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text ?? string.Empty, @"\d[\d,]*(?:\.\d+)?")
            .Select(m => m.Value.Replace(",", string.Empty, StringComparison.Ordinal))
            .Select(n => n.Contains('.', StringComparison.Ordinal) ? n.TrimEnd('0').TrimEnd('.') : n)
            .ToHashSet(StringComparer.Ordinal);

    private static List<Citation> Renumber(IEnumerable<Citation> citations) => citations.Select((c, i) => c with { N = i + 1 }).ToList();
}
