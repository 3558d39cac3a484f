using System.Text.RegularExpressions;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Conversations;

/// <summary>Makes a follow-up question self-contained from the conversation before it is retrieved for.</summary>
public interface IFollowUpRewriter
{
    /// <summary>
    /// The follow-up as a question that makes sense alone. <paramref name="history"/> holds the earlier turns, oldest
    /// first (their <see cref="ConversationTurn.StandaloneQuestion"/>s are already self-contained).
    /// </summary>
    Task<string> RewriteAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken);
}

/// <summary>
/// The extractive mode's rule for follow-ups, without a model:
/// <list type="number">
/// <item>A follow-up is <b>elliptical</b> when it refers back (a pronoun or pointer such as <i>it, they, this, that,
/// there, then, he, she</i>), opens as a continuation (<i>and, but, so, also, what about, how about</i>), or names at
/// most <see cref="MaxOwnTerms"/> content terms of its own (words left after stop words and question words).</item>
/// <item>A self-contained follow-up is used as it is.</item>
/// <item>An elliptical one borrows the previous turn's subject: the content words of the previous self-contained
/// question that the follow-up does not already contain, in their original order, appended in parentheses —
/// "and when did it start?" after "Why did the US call off the second strike?" becomes
/// "and when did it start? (US call off second strike)".</item>
/// </list>
/// Appending rather than substituting keeps the member's own words (and their weight in retrieval) intact; the borrowed
/// words only pull retrieval back to the subject. Only the previous turn is used: it already carries what it borrowed.
/// </summary>
public sealed partial class RuleFollowUpRewriter : IFollowUpRewriter
{
    /// <summary>A follow-up with at most this many content terms of its own is treated as elliptical.</summary>
    public const int MaxOwnTerms = 2;

    private static readonly HashSet<string> ReferringWords = new(
        ["it", "its", "it's", "they", "them", "their", "theirs", "this", "that", "these", "those", "he", "him", "his", "she", "her", "hers", "there", "then", "such", "same", "former", "latter"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly string[] ContinuationOpenings = ["and ", "but ", "so ", "also ", "what about ", "how about ", "and what", "then ", "or "];

    /// <summary>Words that shape a question without naming its subject; never borrowed, never counted as the follow-up's own.</summary>
    private static readonly HashSet<string> QuestionWords = new(
        KeywordAnalyzer.Analyze("what which who whom whose why how when where did does do done doing was were is are has have had can could would should may might will say said tell explain describe happen happened about anything something else more much many long start started begin began end ended"),
        StringComparer.Ordinal);

    public Task<string> RewriteAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        return Task.FromResult(Rewrite(question, history));
    }

    /// <summary>The rule itself (see the class remarks).</summary>
    public static string Rewrite(string question, IReadOnlyList<ConversationTurn> history)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        var trimmed = question.Trim();
        if (history.Count == 0 || !IsElliptical(trimmed))
        {
            return trimmed;
        }

        var own = Terms(trimmed).ToHashSet(StringComparer.Ordinal);
        var previous = history[^1].StandaloneQuestion;
        var borrowed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match word in Word().Matches(StripBorrowed(previous)))
        {
            var terms = KeywordAnalyzer.Analyze(word.Value);
            if (terms.Count == 0 || terms.All(t => QuestionWords.Contains(t) || own.Contains(t) || !seen.Add(t)))
            {
                continue;
            }

            borrowed.Add(word.Value);
        }

        // Borrowed words of the previous follow-up are kept, so a third turn still knows the subject.
        var carried = BorrowedPart().Match(previous) is { Success: true } m ? m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        foreach (var word in carried)
        {
            var terms = KeywordAnalyzer.Analyze(word);
            if (terms.Count > 0 && !terms.All(t => own.Contains(t) || !seen.Add(t)))
            {
                borrowed.Add(word);
            }
        }

        return borrowed.Count == 0 ? trimmed : $"{trimmed} ({string.Join(' ', borrowed)})";
    }

    /// <summary>Whether a follow-up leans on the conversation (see the class remarks).</summary>
    public static bool IsElliptical(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var lower = question.Trim().ToLowerInvariant();
        if (ContinuationOpenings.Any(o => lower.StartsWith(o, StringComparison.Ordinal)))
        {
            return true;
        }

        if (Word().Matches(lower).Any(w => ReferringWords.Contains(w.Value)))
        {
            return true;
        }

        return Terms(question).Count <= MaxOwnTerms;
    }

    private static List<string> Terms(string text) =>
        KeywordAnalyzer.AnalyzeQuery(text).Where(t => !QuestionWords.Contains(t)).ToList();

    private static string StripBorrowed(string question) => BorrowedPart().Replace(question, string.Empty);

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"\s*\(([^()]*)\)\s*$")]
    private static partial Regex BorrowedPart();
}
