using System.Text.RegularExpressions;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// The analysed terms answering compares (the BM25 analysis, <see cref="KeywordAnalyzer"/>), with dotted abbreviations
/// written as one word, so a question's "US" or "UK" meets the text's "U.S." or "U.K." (BM25 indexes them as
/// <c>u_s</c>; changing that would change every stored index), and common irregular verbs' past forms read as their
/// base ("began" meets "begin", "held" meets "hold": the Porter stemmer leaves them apart). Only answering compares
/// these terms; BM25 keeps its own analysis.
/// </summary>
public static partial class AnswerTerms
{
    /// <summary>Every term of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. KeywordAnalyzer.Analyze(text.Contains('.', StringComparison.Ordinal) ? DottedAbbreviation().Replace(text, m => m.Value.Replace(".", string.Empty, StringComparison.Ordinal)) : text).Select(Collapse).Select(Base)];
    }

    /// <summary>The distinct terms of <paramref name="text"/>, in order of first occurrence.</summary>
    public static IReadOnlyList<string> AnalyzeQuery(string text) => [.. Analyze(text).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The analysed parts of the identifiers written in <paramref name="text"/>, which the keyword analysis keeps whole:
    /// <c>broker.heartbeat_ms</c>, <c>heartbeatMs</c>, <c>heartbeat-ms</c> and <c>net/http</c> each name a heartbeat
    /// (split on ".", "_", "-", "/" and lower-to-upper case changes), in order, repeats kept. Text without identifiers
    /// has none.
    /// </summary>
    public static IReadOnlyList<string> IdentifierParts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        foreach (Match m in IdentifierToken().Matches(text))
        {
            var pieces = CamelBoundary().Replace(m.Value, " ").Split(['.', '_', '-', '/', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (pieces.Length < 2)
            {
                continue;
            }

            foreach (var piece in pieces.Where(p => p.Length >= 2))
            {
                parts.AddRange(Analyze(piece));
            }
        }

        return parts;
    }

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

    /// <summary>A term of an irregular verb's past form as its base's term ("began" → "begin"); other terms unchanged.</summary>
    public static string Base(string term) => IrregularPast.GetValueOrDefault(term, term);

    // Past forms and participles of common irregular verbs, by their base; both sides pass through the stemmer.
    private static readonly Dictionary<string, string> IrregularPast = BuildIrregularPast(
        "begin:began,begun hold:held pay:paid buy:bought bring:brought build:built catch:caught choose:chose,chosen " +
        "draw:drew,drawn drive:drove,driven eat:ate,eaten fall:fell,fallen feel:felt fight:fought find:found fly:flew,flown " +
        "forget:forgot,forgotten freeze:froze,frozen give:gave,given grow:grew,grown hide:hid,hidden keep:kept " +
        "know:knew,known lead:led lend:lent lose:lost mean:meant meet:met ride:rode,ridden ring:rang,rung " +
        "run:ran seek:sought sell:sold send:sent shake:shook,shaken sing:sang,sung " +
        "sink:sank,sunk sit:sat sleep:slept speak:spoke,spoken spend:spent stand:stood steal:stole,stolen strike:struck " +
        "swim:swam,swum teach:taught tear:tore,torn think:thought throw:threw,thrown understand:understood " +
        "wake:woke,woken wear:wore,worn win:won write:wrote,written break:broke,broken choose:chose fight:fought " +
        "grow:grew tell:told sell:sold become:became forbid:forbade,forbidden withdraw:withdrew,withdrawn " +
        "undertake:undertook,undertaken overtake:overtook,overtaken arise:arose,arisen");

    private static Dictionary<string, string> BuildIrregularPast(string table)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in table.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (verb, forms) = (entry[..entry.IndexOf(':', StringComparison.Ordinal)], entry[(entry.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            if (KeywordAnalyzer.Analyze(verb) is not [var stem])
            {
                continue;
            }

            foreach (var form in forms.Split(','))
            {
                if (KeywordAnalyzer.Analyze(form) is [var formStem] && formStem != stem)
                {
                    map[formStem] = stem;
                }
            }
        }

        return map;
    }

    /// <summary>A word joined to others by ".", "_", "-" or "/", or written in camelCase ("heartbeatMs", "segmentBytes").</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}_])(?:[\p{L}\p{N}]+(?:[._\-/][\p{L}\p{N}]+)+|\p{Ll}+\p{Lu}[\p{L}\p{N}]*)", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierToken();

    /// <summary>Where camelCase starts a new word: a lower-case letter or digit followed by an upper-case one.</summary>
    [GeneratedRegex(@"(?<=[\p{Ll}\p{N}])(?=\p{Lu})", RegexOptions.CultureInvariant)]
    private static partial Regex CamelBoundary();

    [GeneratedRegex(@"\b\p{L}(?:\.\p{L})+\b\.?", RegexOptions.CultureInvariant)]
    private static partial Regex DottedAbbreviation();
}
