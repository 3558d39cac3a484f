using System.Buffers;
using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Briefer.Core.Answering;

/// <summary>
/// Finds a question's uncommon words (<see cref="QuestionAnalysis.UncommonWords"/>): plain words outside
/// <see cref="CommonWords"/> that no other constraint covers, whatever their case ("does zephyrq run on macos?"). A word
/// directly followed by a content word modifies it ("my synology nas", "tiny json responses", "winscp connects"): it
/// describes the member's situation, and the phrase's last word is what is asked about, so it is left out.
/// </summary>
internal static partial class UncommonWords
{
    /// <summary>The uncommon words of <paramref name="plain"/> (the question without pasted lines), lower case, distinct, in order.</summary>
    public static IReadOnlyList<string> Of(string plain, IReadOnlySet<string> placeholders, IReadOnlyList<KeyConstraint> constraints)
    {
        var words = TextWords.Split(plain);
        var found = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var lower = words[i].Text.ToLowerInvariant();
            if (IsUncommonWord(words[i].Text, placeholders) && !Modifies(plain, words, i) && !Owned(words, i) && AnswerTerms.Analyze(lower) is [var term]
                && !constraints.Any(c => c.Kind != ConstraintKind.Content && c.Terms.Contains(term)) && !found.Contains(lower))
            {
                found.Add(lower);
            }
        }

        return found;
    }

    /// <summary>
    /// A plain word (letters, then perhaps digits: "macos", "arm64") of three letters or more that is neither a question,
    /// chat or function word nor a common English word (<see cref="CommonWords"/>), nor the member's placeholder.
    /// </summary>
    private static bool IsUncommonWord(string word, IReadOnlySet<string> placeholders)
    {
        var lower = word.ToLowerInvariant();
        if (lower.Length < 3 || !PlainWord().IsMatch(lower) || QuestionAnalyzer.FunctionWords.Contains(lower) || QuestionAnalyzer.WhWords.Contains(lower)
            || TechnicalTerms.ChatWords.Contains(lower) || TechnicalTerms.IsLogLevel(lower) || CommonWords.IsCommon(lower))
        {
            return false;
        }

        return AnswerTerms.Analyze(lower) is [var term] && !QuestionAnalyzer.QuestionTerms.Contains(term) && !QuestionAnalyzer.ChatTerms.Contains(term) && !placeholders.Contains(term)
            && !IsSlipOfAFunctionWord(lower);
    }

    /// <summary>
    /// A typing slip of a question or function word ("hwo", "waht", "teh", "wich"): one letter added, dropped, changed
    /// or two swapped from one of three letters or more. It carries no subject, so it is never a key term.
    /// </summary>
    private static bool IsSlipOfAFunctionWord(string lower) =>
        QuestionAnalyzer.WhWords.Concat(QuestionAnalyzer.FunctionWords).Any(w => w.Length >= 3 && EditDistance.AtMostOne(lower, w));

    /// <summary>
    /// Whether word <paramref name="at"/> follows "my", "our" or "your": the member's own machine or setup ("on my
    /// macbook", "from my vps"), what the question happens in, not what it asks about.
    /// </summary>
    private static bool Owned(IReadOnlyList<TextWord> words, int at) =>
        at > 0 && Possessives.Contains(words[at - 1].Text.ToLowerInvariant());

    private static readonly FrozenSet<string> Possessives = FrozenSet.Create(StringComparer.Ordinal, "my", "our", "your");

    /// <summary>Whether word <paramref name="at"/> is directly followed, in the same clause, by a content word it modifies.</summary>
    private static bool Modifies(string text, IReadOnlyList<TextWord> words, int at)
    {
        if (at + 1 >= words.Count)
        {
            return false;
        }

        var end = words[at].Start + words[at].Text.Length;
        var between = text.AsSpan(end, words[at + 1].Start - end);
        if (between.ContainsAny(ClauseBreaks))
        {
            return false;
        }

        var next = words[at + 1].Text.ToLowerInvariant();
        return next.Any(char.IsLetter) && !QuestionAnalyzer.FunctionWords.Contains(next) && !TechnicalTerms.ChatWords.Contains(next) && !QuestionAnalyzer.IsNegation(next) && !Adverbs.Contains(next)
            && AnswerTerms.Analyze(next) is [var term] && !QuestionAnalyzer.QuestionTerms.Contains(term);
    }

    /// <summary>Adverbs that end a phrase rather than continue it ("on macos yet", "with zstd too").</summary>
    private static readonly FrozenSet<string> Adverbs = FrozenSet.Create(
        StringComparer.Ordinal, "yet", "too", "already", "again", "here", "there", "today", "instead", "though", "either", "anyway", "natively", "officially", "properly");

    private static readonly SearchValues<char> ClauseBreaks = SearchValues.Create(",;:.?!()<>\"'`");

    [GeneratedRegex(@"^\p{L}{3,}\p{N}*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainWord();
}
