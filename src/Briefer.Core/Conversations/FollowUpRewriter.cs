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
/// most <see cref="MaxOwnTerms"/> content terms of its own (words left after stop words and question words).
/// A self-contained follow-up is used as it is.</item>
/// <item>An elliptical follow-up borrows from the previous turn's self-contained question, in the words' original
/// order, appended in parentheses; never the question's shape (question words, light verbs like <i>go, get</i>, the
/// word after <i>how</i>) and never a word the follow-up already has:
/// <list type="bullet">
/// <item>when the follow-up names a subject of its own (a capitalised word past its first), the previous question's
/// other words — its predicate — carry over to the new subject: "And in Spain?" after "How high did wholesale power
/// prices in Italy go?" reads "And in Spain? (wholesale power prices)";</item>
/// <item>otherwise, when the previous question named its subject (capitalised words past its first), that subject
/// carries over: "Why did she propose them?" after "Who proposed the Harbour Street bike lanes?" reads
/// "Why did she propose them? (Harbour Street)";</item>
/// <item>otherwise all its content words carry over.</item>
/// </list></item>
/// </list>
/// Appending rather than substituting keeps the member's own words (and their weight in retrieval) intact; borrowing
/// the subject rather than the whole previous question keeps the previous question's predicate from outweighing the
/// new one. What a follow-up borrowed is carried into the next turn, so a third question still knows the subject.
/// Measured on <c>eval/conversation-cases.jsonl</c> (<c>briefer eval conversations</c>).
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
        KeywordAnalyzer.Analyze("what which who whom whose why how when where did does do done doing was were is are has have had can could would should may might will must shall say said tell explain describe happen happened about anything something else more much many long start started begin began end ended go goes went get gets got come came make made take took"),
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
        var words = ContentWords(StripBorrowed(previous));
        var followUpNamesItsOwn = Words(trimmed).Skip(1).Any(IsName);
        var candidates = followUpNamesItsOwn ? words.Where(w => !IsName(w)).ToList()
            : words.Any(IsName) ? words.Where(IsName).ToList()
            : words;
        var borrowed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in candidates)
        {
            var terms = KeywordAnalyzer.Analyze(word);
            if (terms.Count == 0 || terms.All(t => own.Contains(t) || !seen.Add(t)))
            {
                continue;
            }

            borrowed.Add(word);
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

    /// <summary>The words of a question that may be borrowed, in order: not its first word, not question words or light verbs, not the word after "how".</summary>
    private static List<string> ContentWords(string question)
    {
        var words = Words(question);
        var kept = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var afterHow = i > 0 && words[i - 1].Equals("how", StringComparison.OrdinalIgnoreCase);
            var terms = KeywordAnalyzer.Analyze(words[i]);
            if (afterHow || terms.Count == 0 || terms.All(QuestionWords.Contains) || (i == 0 && !IsName(words[i])))
            {
                continue;
            }

            kept.Add(words[i]);
        }

        return kept;
    }

    private static List<string> Words(string text) => Word().Matches(text).Select(m => m.Value).ToList();

    /// <summary>A name: a capitalised word (or an acronym) other than "I".</summary>
    private static bool IsName(string word) => word.Length > 1 && char.IsUpper(word[0]);

    private static List<string> Terms(string text) =>
        KeywordAnalyzer.AnalyzeQuery(text).Where(t => !QuestionWords.Contains(t)).ToList();

    private static string StripBorrowed(string question) => BorrowedPart().Replace(question, string.Empty);

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"\s*\(([^()]*)\)\s*$")]
    private static partial Regex BorrowedPart();
}
