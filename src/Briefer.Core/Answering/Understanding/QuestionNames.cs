namespace Briefer.Core.Answering;

/// <summary>The names of a question: capitalised runs that are key constraints (see <see cref="Analyze"/>).</summary>
public static partial class QuestionAnalyzer
{
    /// <summary>
    /// Names: runs of capitalised words (joined by "of", "the", "de"…), acronyms and capitalised words. A run never
    /// crosses punctuation (a pasted "Error [TokenInvalid]: An invalid token" is not one name), and a capitalised
    /// function word, negation, chat word or log level ("An", "Cannot", "Hey", "ERR") is never a name; the question's
    /// first word and a word after a colon or full stop count only when they are not function words ("Fresno is the
    /// capital of what state?").
    /// </summary>
    private static IEnumerable<string> Names(string[] words, string[] lower, bool[] breaks)
    {
        var i = 0;
        while (i < words.Length)
        {
            if (!IsNameWord(i))
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < words.Length && !breaks[end] && (IsNameWord(end) || (NameJoiners.Contains(lower[end]) && end + 1 < words.Length && !breaks[end + 1] && IsNameWord(end + 1))))
            {
                end += NameJoiners.Contains(lower[end]) && !IsNameWord(end) ? 2 : 1;
            }

            yield return string.Join(' ', words[i..end]);
            i = end;
        }

        bool IsNameWord(int k)
        {
            var word = words[k];
            if (word.Length == 0 || !char.IsUpper(word[0]) || word == "I" || TechnicalTerms.IsLogLevel(word))
            {
                return false;
            }

            var acronym = word.Length >= 2 && word.All(c => !char.IsLetter(c) || char.IsUpper(c));
            if (!acronym && (IsNegation(lower[k]) || ChatTerms.Contains(lower[k]) || TechnicalTerms.ChatWords.Contains(lower[k])))
            {
                return false;
            }

            return k > 0 && !breaks[k] ? !WhWords.Contains(lower[k]) && (acronym || !FunctionWords.Contains(lower[k])) : !FunctionWords.Contains(lower[k]);
        }
    }

    /// <summary>Whether the word starting at <paramref name="start"/> follows a break: the text's start, or a colon, full stop, bracket or similar before it.</summary>
    private static bool AfterBreak(string text, int start)
    {
        var k = start - 1;
        while (k >= 0 && char.IsWhiteSpace(text[k]))
        {
            k--;
        }

        return k < 0 || text[k] is ':' or '.' or '!' or '?' or ';' or '[' or ']' or '(' or ')' or '{' or '}' or ',' or '"' or '“' or '”' or '\'' or '`';
    }
}
