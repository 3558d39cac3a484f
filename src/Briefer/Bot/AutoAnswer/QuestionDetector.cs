using System.Text.RegularExpressions;

namespace Briefer.Bot.AutoAnswer;

/// <summary>
/// Whether a message in a help channel reads as a question: it has a question mark, or opens with a question word or an
/// auxiliary ("how do I…", "is there…", "can't get … to work" does not count). Short messages (thanks, +1) never do.
/// </summary>
internal static partial class QuestionDetector
{
    private const int MinLength = 8;

    public static bool ReadsAsQuestion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = UrlOrCode().Replace(text, " ").Trim();
        return trimmed.Length >= MinLength && (trimmed.Contains('?', StringComparison.Ordinal) || Opening().IsMatch(trimmed));
    }

    // A question mark inside a link's query string or a code block says nothing about the message.
    [GeneratedRegex(@"https?://\S+|```[\s\S]*?```|`[^`]*`")]
    private static partial Regex UrlOrCode();

    [GeneratedRegex(@"^(how|what|why|when|where|which|who|whom|whose|is|are|can|could|does|do|did|should|would|will|has|have|any(one|body)? (know|idea))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Opening();
}
