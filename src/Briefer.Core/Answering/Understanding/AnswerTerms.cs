using System.Text.RegularExpressions;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// The analysed terms answering compares (the BM25 analysis, <see cref="KeywordAnalyzer"/>), with dotted abbreviations
/// written as one word, so a question's "US" or "UK" meets the text's "U.S." or "U.K." (BM25 indexes them as
/// <c>u_s</c>; changing that would change every stored index).
/// </summary>
public static partial class AnswerTerms
{
    /// <summary>Every term of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. KeywordAnalyzer.Analyze(text.Contains('.', StringComparison.Ordinal) ? DottedAbbreviation().Replace(text, m => m.Value.Replace(".", string.Empty, StringComparison.Ordinal)) : text).Select(Collapse)];
    }

    /// <summary>The distinct terms of <paramref name="text"/>, in order of first occurrence.</summary>
    public static IReadOnlyList<string> AnalyzeQuery(string text) => [.. Analyze(text).Distinct(StringComparer.Ordinal)];

    /// <summary>"u_s" → "us", "e_u" → "eu"; other terms unchanged.</summary>
    public static string Collapse(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.Length < 3 || !term.Contains('_', StringComparison.Ordinal))
        {
            return term;
        }

        var parts = term.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts.All(p => p.Length == 1 && char.IsLetter(p[0])) ? string.Concat(parts) : term;
    }

    [GeneratedRegex(@"\b\p{L}(?:\.\p{L})+\b\.?", RegexOptions.CultureInvariant)]
    private static partial Regex DottedAbbreviation();
}
