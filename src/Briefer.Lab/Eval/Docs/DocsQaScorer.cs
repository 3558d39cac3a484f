using System.Text;
using System.Text.RegularExpressions;

namespace Briefer.Cli.Eval.Docs;

/// <summary>How one question went: the four measures of the set's README and what the head citation was.</summary>
/// <param name="Parsed">False when the reply could not be read (after one retry): then every measure is false.</param>
/// <param name="HeadPage">The file name of the head citation's source; null without citations.</param>
internal sealed record DocsQaOutcome(
    bool Parsed, bool Abstained, bool First, bool Anywhere, bool RightPageFirst, bool AbstainedCorrectly, string? HeadPage, string? HeadQuote)
{
    public static readonly DocsQaOutcome Unparsed = new(false, false, false, false, false, false, null, null);
}

/// <summary>
/// The scoring of a documentation Q&amp;A set, exactly as <c>../shared/eval/docsqa-dev/README.md</c> defines it:
/// normalisation, gold matching on word boundaries, the head citation and the measures.
/// </summary>
internal static partial class DocsQaScorer
{
    /// <summary>
    /// NFKC, curly quotes and en/em dashes to ASCII, non-breaking spaces to spaces, backticks removed, lower case,
    /// runs of whitespace to one space, trimmed.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var nfkc = CompatibilityFolding.ToNfkc(text);
        var builder = new StringBuilder(nfkc.Length);
        var pendingSpace = false;
        foreach (var c in nfkc)
        {
            var folded = Fold(c);
            if (folded == '`')
            {
                continue;
            }

            if (char.IsWhiteSpace(folded))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(char.ToLowerInvariant(folded));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether <paramref name="gold"/> occurs in <paramref name="text"/> after <see cref="Normalize"/>, not inside a longer
    /// word or number: a gold that starts (ends) with a letter or digit must not have one right before (after) it.
    /// </summary>
    public static bool Contains(string text, string gold)
    {
        ArgumentNullException.ThrowIfNull(text);
        var g = Normalize(gold);
        if (g.Length == 0)
        {
            return false;
        }

        var pattern = (char.IsLetterOrDigit(g[0]) ? @"(?<![^\W_])" : string.Empty)
            + Regex.Escape(g)
            + (char.IsLetterOrDigit(g[^1]) ? @"(?![^\W_])" : string.Empty);
        return Regex.IsMatch(Normalize(text), pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>Whether any gold string is in the text.</summary>
    public static bool ContainsAny(string text, IEnumerable<string> golds) => golds.Any(g => Contains(text, g));

    /// <summary>The head citation: the one numbered 1, or the first in the list when none is.</summary>
    public static DocsQaCitation? Head(IReadOnlyList<DocsQaCitation> citations) =>
        citations.FirstOrDefault(c => c.N == 1) ?? citations.FirstOrDefault();

    /// <summary>A citation's page: the file name of its source (a path or a URL).</summary>
    public static string Page(string source)
    {
        var trimmed = source.TrimEnd('/', '\\');
        var cut = trimmed.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? trimmed : trimmed[(cut + 1)..];
    }

    /// <summary>Scores one reply; null (a reply that could not be parsed) scores nothing.</summary>
    public static DocsQaOutcome Score(DocsQaQuestion question, DocsQaReply? reply)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (reply is null)
        {
            return DocsQaOutcome.Unparsed;
        }

        var head = Head(reply.Citations);
        var headPage = head is null ? null : Page(head.Source);
        if (question.Abstain)
        {
            return new DocsQaOutcome(true, reply.Abstained, false, false, false, reply.Abstained && reply.Citations.Count == 0, headPage, head?.Quote);
        }

        var gold = question.GoldStrings;
        var rightPage = !reply.Abstained && headPage is not null && question.AllowedPages.Contains(headPage, StringComparer.Ordinal);
        var first = rightPage && ContainsAny(head!.Quote, gold);
        var anywhere = !reply.Abstained
            && (ContainsAny(Markers().Replace(reply.Answer, string.Empty), gold) || reply.Citations.Any(c => ContainsAny(c.Quote, gold)));
        return new DocsQaOutcome(true, reply.Abstained, first, anywhere, rightPage, false, headPage, head?.Quote);
    }

    private static char Fold(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' => '"',
        '\u2013' or '\u2014' => '-',
        '\u00A0' or '\u202F' or '\u2007' => ' ',
        _ => c,
    };

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Markers();
}
