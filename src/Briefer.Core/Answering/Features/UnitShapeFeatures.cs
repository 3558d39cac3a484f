using System.Text.RegularExpressions;
using G = Briefer.Core.Answering.FeatureGroups;

namespace Briefer.Core.Answering;

/// <summary>
/// Candidate features of the unit's own shape against the question (rows of <see cref="FeatureTable.Candidate"/>):
/// whether it states a default together with its value ("The default is to run 8 checkers", "Default: \"base32\""),
/// how many of the question's identifiers it writes itself (not only its neighbours), how much of it merely echoes the
/// question (a pasted error message restated, not its fix), and whether it opens by naming a question term and then
/// defining it ("allkeys-lru: Keeps most recently used keys", "A replica is …").
/// </summary>
internal static partial class UnitShapeFeatures
{
    public static IReadOnlyList<CandidateFeature> All { get; } =
    [
        new("default_value", G.Shape, x => x.Candidate.Unit.StatesDefaultValue ? 1 : 0),
        new("ident_in_unit", G.Shape, IdentifiersInUnit),
        new("echo", G.Shape, x => (float)Echo(x)),
        new("defines_term", G.Shape, x => DefinesQuestionTerm(x) ? 1 : 0),
    ];

    /// <summary>Whether <paramref name="text"/> names a default and gives its value within a few words (either side).</summary>
    internal static bool StatesDefaultValue(string text) => DefaultValue().IsMatch(text) || ValueByDefault().IsMatch(text);

    /// <summary>The share of the question's identifiers the unit itself writes; −1 when the question names none.</summary>
    internal static float IdentifiersInUnit(CandidateContext x)
    {
        var wanted = x.Features.Documentation.Identifiers;
        if (wanted.Count == 0)
        {
            return -1;
        }

        var tokens = x.Candidate.Unit.Tokens;
        return wanted.Count(tokens.Contains) / (float)wanted.Count;
    }

    /// <summary>The share of the unit's terms that are the question's own (1: it says nothing the question did not).</summary>
    internal static double Echo(CandidateContext x)
    {
        var terms = x.Candidate.TermSet;
        if (terms.Count == 0)
        {
            return 0;
        }

        var asked = x.Question.ContentTerms;
        return terms.Count(t => asked.Contains(t)) / (double)terms.Count;
    }

    /// <summary>Whether the unit opens with a short lead naming a question term, then a colon, dash or "is/are/means/refers to".</summary>
    internal static bool DefinesQuestionTerm(CandidateContext x) =>
        x.Candidate.Unit.DefinitionLead is { } lead && lead.Any(t => x.Question.ContentTerms.Contains(t));

    /// <summary>The terms of the short lead <paramref name="text"/> opens with before a colon, dash or "is/are/means/refers to"; null when it opens with none.</summary>
    internal static IReadOnlyList<string>? DefinitionLead(string text) =>
        Definition().Match(text) is { Success: true } match ? AnswerTerms.Analyze(match.Groups["lead"].Value) : null;

    [GeneratedRegex(@"\bdefaults?\b(\s+(value|is|are|to|of|=|:|setting|behaviou?r|will be|was))*\s*[:=]?\s*(is\s+)?(to\s+\w+\s+)?[""'`(\[]?\s*(-?\d|true\b|false\b|none\b|null\b|off\b|on\b|disabled\b|enabled\b|empty\b|unset\b|[""'`])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefaultValue();

    [GeneratedRegex(@"(\d[\w.]*|""[^""]{1,30}""|`[^`]{1,30}`|\btrue|\bfalse)\s*\)?\s*(\(|,)?\s*(is\s+(the\s+)?)?(by\s+)?default\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValueByDefault();

    [GeneratedRegex(@"^\W*(?<lead>(\S+\s+){0,4}?\S+?)(\s*:\s+|\s+[-–—]\s+|\s+(is|are|means|refers to)\s+(a|an|the)?\b)", RegexOptions.CultureInvariant)]
    private static partial Regex Definition();
}
